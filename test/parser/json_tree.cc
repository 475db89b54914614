#include "test/parser/json_tree.h"

#include <cstddef>

namespace thingsjs::test {

const Json* Json::Find(std::string_view key) const {
  for (const auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

Json* Json::Find(std::string_view key) {
  for (auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

namespace {

// Recursive descent over the input; an explicit depth bound keeps hostile input from
// exhausting the stack.
class JsonReader {
 public:
  explicit JsonReader(std::string_view input) : in_(input) {}

  bool Read(Json* out, std::string* error) {
    if (!Value(out, 0)) {
      *error = error_ + " at offset " + std::to_string(pos_);
      return false;
    }
    SkipSpace();
    if (pos_ != in_.size()) {
      *error = "trailing text at offset " + std::to_string(pos_);
      return false;
    }
    return true;
  }

 private:
  static constexpr int kMaxDepth = 2000;  // real ESTree stays under 200

  void SkipSpace() {
    while (pos_ < in_.size() &&
           (in_[pos_] == ' ' || in_[pos_] == '\t' || in_[pos_] == '\n' || in_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool Fail(const char* message) {
    error_ = message;
    return false;
  }

  // The text between the quotes, escapes kept; pos_ is on the opening quote.
  bool String(std::string* out) {
    size_t start = ++pos_;
    while (pos_ < in_.size() && in_[pos_] != '"') {
      if (in_[pos_] == '\\') ++pos_;
      ++pos_;
    }
    if (pos_ >= in_.size()) return Fail("unterminated string");
    out->assign(in_.substr(start, pos_ - start));
    ++pos_;
    return true;
  }

  bool Literal(std::string_view word) {
    if (in_.substr(pos_, word.size()) != word) return Fail("unexpected character");
    pos_ += word.size();
    return true;
  }

  bool Value(Json* out, int depth) {
    if (depth > kMaxDepth) return Fail("nested too deeply");
    SkipSpace();
    if (pos_ >= in_.size()) return Fail("unexpected end");
    char c = in_[pos_];
    switch (c) {
      case '{': {
        out->type = Json::Type::kObject;
        ++pos_;
        SkipSpace();
        if (pos_ < in_.size() && in_[pos_] == '}') {
          ++pos_;
          return true;
        }
        for (;;) {
          SkipSpace();
          if (pos_ >= in_.size() || in_[pos_] != '"') return Fail("expected a key");
          out->members.emplace_back();
          if (!String(&out->members.back().first)) return false;
          SkipSpace();
          if (pos_ >= in_.size() || in_[pos_] != ':') return Fail("expected ':'");
          ++pos_;
          if (!Value(&out->members.back().second, depth + 1)) return false;
          SkipSpace();
          if (pos_ < in_.size() && in_[pos_] == ',') {
            ++pos_;
            continue;
          }
          if (pos_ < in_.size() && in_[pos_] == '}') {
            ++pos_;
            return true;
          }
          return Fail("expected ',' or '}'");
        }
      }
      case '[': {
        out->type = Json::Type::kArray;
        ++pos_;
        SkipSpace();
        if (pos_ < in_.size() && in_[pos_] == ']') {
          ++pos_;
          return true;
        }
        for (;;) {
          out->items.emplace_back();
          if (!Value(&out->items.back(), depth + 1)) return false;
          SkipSpace();
          if (pos_ < in_.size() && in_[pos_] == ',') {
            ++pos_;
            continue;
          }
          if (pos_ < in_.size() && in_[pos_] == ']') {
            ++pos_;
            return true;
          }
          return Fail("expected ',' or ']'");
        }
      }
      case '"':
        out->type = Json::Type::kString;
        return String(&out->text);
      case 't':
        out->type = Json::Type::kBool;
        out->text = "true";
        return Literal("true");
      case 'f':
        out->type = Json::Type::kBool;
        out->text = "false";
        return Literal("false");
      case 'n':
        out->type = Json::Type::kNull;
        return Literal("null");
      default: {
        if (c != '-' && (c < '0' || c > '9')) return Fail("unexpected character");
        size_t start = pos_;
        while (pos_ < in_.size()) {
          char d = in_[pos_];
          if ((d >= '0' && d <= '9') || d == '-' || d == '+' || d == '.' || d == 'e' ||
              d == 'E') {
            ++pos_;
          } else {
            break;
          }
        }
        out->type = Json::Type::kNumber;
        out->text.assign(in_.substr(start, pos_ - start));
        return true;
      }
    }
  }

  std::string_view in_;
  size_t pos_ = 0;
  std::string error_;
};

void Write(const Json& v, std::string* out) {
  switch (v.type) {
    case Json::Type::kNull:
      *out += "null";
      break;
    case Json::Type::kBool:
    case Json::Type::kNumber:
      *out += v.text;
      break;
    case Json::Type::kString:
      *out += '"';
      *out += v.text;
      *out += '"';
      break;
    case Json::Type::kArray:
      *out += '[';
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (i) *out += ',';
        Write(v.items[i], out);
      }
      *out += ']';
      break;
    case Json::Type::kObject:
      *out += '{';
      for (size_t i = 0; i < v.members.size(); ++i) {
        if (i) *out += ',';
        *out += '"';
        *out += v.members[i].first;
        *out += "\":";
        Write(v.members[i].second, out);
      }
      *out += '}';
      break;
  }
}

std::string Short(const Json* v) {
  if (!v) return "(absent)";
  std::string s = ToJson(*v);
  if (s.size() > 80) s = s.substr(0, 77) + "...";
  return s;
}

std::string Diff(const Json* a, const Json* b, const std::string& path) {
  const std::string here = path.empty() ? "(root)" : path;
  if (!a || !b || a->type != b->type) return here + ": " + Short(a) + " vs " + Short(b);
  switch (a->type) {
    case Json::Type::kArray:
      for (size_t i = 0; i < a->items.size() && i < b->items.size(); ++i) {
        std::string d = Diff(&a->items[i], &b->items[i], path + "[" + std::to_string(i) + "]");
        if (!d.empty()) return d;
      }
      if (a->items.size() != b->items.size()) {
        return (path.empty() ? "length" : path + ".length") + ": " +
               std::to_string(a->items.size()) + " vs " + std::to_string(b->items.size());
      }
      return {};
    case Json::Type::kObject: {
      // The node type first: a different type explains everything below it.
      const Json* ta = a->Find("type");
      const Json* tb = b->Find("type");
      if ((ta || tb) && (!ta || !tb || ta->text != tb->text)) {
        return (path.empty() ? "type" : path + ".type") + ": " + Short(ta) + " vs " + Short(tb);
      }
      for (const auto& [key, value] : a->members) {
        std::string d = Diff(&value, b->Find(key), path.empty() ? key : path + "." + key);
        if (!d.empty()) return d;
      }
      for (const auto& [key, value] : b->members) {
        if (!a->Find(key)) return (path.empty() ? key : path + "." + key) + ": (absent) vs " +
                                  Short(&value);
      }
      // Same members in another order: the serializer's property order is part of the format.
      for (size_t i = 0; i < a->members.size(); ++i) {
        if (a->members[i].first != b->members[i].first) {
          return here + ": property order " +
                 a->members[i].first + " vs " + b->members[i].first;
        }
      }
      return {};
    }
    default:
      if (a->text != b->text) return here + ": " + Short(a) + " vs " + Short(b);
      return {};
  }
}

}  // namespace

bool ParseJson(std::string_view input, Json* out, std::string* error) {
  *out = Json();
  return JsonReader(input).Read(out, error);
}

std::string ToJson(const Json& value) {
  std::string out;
  Write(value, &out);
  return out;
}

std::string FirstDifference(const Json& a, const Json& b) {
  std::string d = Diff(&a, &b, "");
  return d;
}

}  // namespace thingsjs::test
