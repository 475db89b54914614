// Snapshot capture: the program's state between two macrotasks, walked from its roots through
// the V8 API into proto/snapshot.proto (docs/migration.md).

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "proto/snapshot.pb.h"
#include "proto/snapshot_codec.h"
#include "runtime/clock.h"
#include "runtime/program_impl.h"

namespace thingsjs::runtime {

using v8::Local;
using v8::Value;

namespace {

namespace pb = thingsjs::snapshot;

// Thrown inside the walk when something cannot be captured; caught by Capture.
struct NotCapturable {
  std::string message;
};

// What the instrumented program's accessors are: slot -3 the scope id, -2 the parent's
// accessor, -1 `this`, 0.. the captured bindings (instrument/transform.h).
constexpr int kSlotScopeId = -3;
constexpr int kSlotParent = -2;
constexpr int kSlotThis = -1;

// Valid UTF-8 without surrogate code points.
bool IsUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    if (n == 3 && c == 0xED && static_cast<unsigned char>(s[i + 1]) >= 0xA0) return false;  // surrogate
    i += n;
  }
  return true;
}

// Reads what the tracer's describe() wrote (bootstrap.js).
struct Cursor {
  const double* nums = nullptr;
  size_t size = 0;
  size_t at = 0;
  const std::u16string* text = nullptr;
  size_t text_at = 0;

  double Next() {
    if (at >= size) throw NotCapturable{"internal error: the tracer's description ended early"};
    return nums[at++];
  }
  // The next `length` UTF-16 units of the text, as UTF-8 (WTF-8 when it holds lone
  // surrogates); returns false in that case.
  bool String(size_t length, std::string* out) {
    if (text_at + length > text->size()) throw NotCapturable{"internal error: the tracer's text ended early"};
    const char16_t* s = text->data() + text_at;
    text_at += length;
    out->clear();
    out->reserve(length);
    bool valid = true;
    for (size_t i = 0; i < length; ++i) {
      uint32_t c = s[i];
      if (c < 0x80) {
        out->push_back(static_cast<char>(c));
        continue;
      }
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < length && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
        c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
        ++i;
      } else if (c >= 0xD800 && c <= 0xDFFF) {
        valid = false;  // a lone surrogate: encoded as if it were a code point (WTF-8)
      }
      if (c < 0x800) {
        out->push_back(static_cast<char>(0xC0 | (c >> 6)));
      } else if (c < 0x10000) {
        out->push_back(static_cast<char>(0xE0 | (c >> 12)));
        out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      } else {
        out->push_back(static_cast<char>(0xF0 | (c >> 18)));
        out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      }
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
    return valid;
  }
};

class Capturer {
 public:
  // `bound_symbol` is the host's hidden key for bind records (bootstrap.js); `tracer` is a
  // fresh bootstrap.js makeTracer(), which numbers objects and lists their properties.
  Capturer(v8::Isolate* isolate, Local<v8::Context> context, const instrument::InstrumentResult& instrumented,
           const instrument::FunctionSites& sites, const instrument::PositionMap& positions, int user_script_id,
           Local<v8::Symbol> bound_symbol, Local<v8::Object> host_symbols,
           Local<v8::Object> tracer, pb::Snapshot& out)
      : bound_symbol_(bound_symbol),
        isolate_(isolate),
        context_(context),
        instrumented_(instrumented),
        sites_(sites),
        positions_(positions),
        user_script_id_(user_script_id),
        out_(out) {
    Local<v8::Array> names;
    if (!host_symbols.IsEmpty() && host_symbols->GetOwnPropertyNames(context).ToLocal(&names)) {
      for (uint32_t i = 0; i < names->Length(); ++i) {
        Local<Value> name, symbol;
        if (names->Get(context, i).ToLocal(&name) && host_symbols->Get(context, name).ToLocal(&symbol) && symbol->IsSymbol()) {
          host_symbols_.emplace_back(symbol.As<v8::Symbol>(), ToStdString(isolate, name));
        }
      }
    }
    auto member = [&](const char* name) {
      Local<Value> v;
      if (!tracer->Get(context, V8Str(isolate, name)).ToLocal(&v)) throw NotCapturable{"the tracer is broken"};
      return v;
    };
    tracer_ = tracer;
    ref_ = member("ref").As<v8::Function>();
    describe_ = member("describe").As<v8::Function>();
    links_ = member("links").As<v8::Array>();
    queue_ = member("queue").As<v8::Array>();
    names_ = member("names").As<v8::Array>();
    accessors_ = v8::Array::New(isolate);
  }

  pb::Value Encode(Local<Value> v, const std::string& path) {
    pb::Value out;
    if (v.IsEmpty() || !(v->IsObject() || v->IsSymbol())) {
      EncodePrimitive(v, &out, [&] { return path; });
    } else {
      out.set_object(Ref(v, path));
    }
    return out;
  }

  // Encodes queued objects until none is left, then finds the home of every method. The
  // tracer describes objects a batch at a time into numbers and one string, which are read
  // here without a call per value.
  void Drain() {
    constexpr uint32_t kBatch = 4096;
    for (;;) {
      uint32_t length = queue_->Length();
      if (next_ >= length) break;
      uint32_t to = std::min(length, next_ + kBatch);
      v8::HandleScope scope(isolate_);
      std::vector<Local<Value>> batch;
      batch.reserve(to - next_);
      Local<v8::Array> typed = v8::Array::New(isolate_, static_cast<int>(to - next_));
      for (uint32_t i = next_; i < to; ++i) {
        Local<Value> v;
        if (!queue_->Get(context_, i).ToLocal(&v)) throw NotCapturable{PathOf(i) + ": it cannot be read"};
        // Describing a Proxy would run its traps.
        if (v->IsProxy()) throw NotCapturable{PathOf(i) + ": a Proxy"};
        if (v->IsTypedArray()) typed->Set(context_, i - next_, v8::True(isolate_)).Check();
        batch.push_back(v);
      }
      Local<Value> args[] = {v8::Integer::NewFromUnsigned(isolate_, next_), v8::Integer::NewFromUnsigned(isolate_, to), typed};
      Local<Value> count, nums, text;
      if (!describe_->Call(context_, tracer_, 3, args).ToLocal(&count) || !count->IsNumber() ||
          !tracer_->Get(context_, V8Str(isolate_, "nums")).ToLocal(&nums) || !nums->IsFloat64Array() ||
          !tracer_->Get(context_, V8Str(isolate_, "text")).ToLocal(&text) || !text->IsString()) {
        throw NotCapturable{PathOf(next_) + ": its properties cannot be listed"};
      }
      SyncNames();
      Local<v8::Float64Array> array = nums.As<v8::Float64Array>();
      std::shared_ptr<v8::BackingStore> store = array->Buffer()->GetBackingStore();
      Cursor c;
      c.nums = reinterpret_cast<const double*>(static_cast<const char*>(store->Data()) + array->ByteOffset());
      c.size = std::min<size_t>(static_cast<size_t>(count.As<v8::Number>()->Value()), array->Length());
      Local<v8::String> t = text.As<v8::String>();
      text_.resize(static_cast<size_t>(t->Length()));
      if (!text_.empty()) t->Write(isolate_, reinterpret_cast<uint16_t*>(text_.data()), 0, t->Length(), v8::String::NO_NULL_TERMINATION);
      c.text = &text_;
      for (uint32_t i = next_; i < to; ++i) {
        current_ = i;
        Grow(i + 1);
        pb::HeapObject* out = out_.mutable_objects(static_cast<int>(i));
        int kind = static_cast<int>(c.Next());
        if (kind == 2) {
          EncodeSymbol(batch[i - next_].As<v8::Symbol>(), out->mutable_symbol());
        } else if (kind == 1) {
          c.String(static_cast<size_t>(c.Next()), out->mutable_builtin());
        } else {
          EncodeObject(batch[i - next_].As<v8::Object>(), out, c);
        }
      }
      next_ = to;
    }
    for (uint32_t index : members_) FindHome(index);
  }

  // The scope instance an accessor reads, captured once.
  uint32_t ScopeIndex(Local<v8::Function> accessor, const std::string& given_path) {
    const std::string path = given_path.empty() ? PathOf(current_) : given_path;
    // Accessors are kept in a JavaScript array: the walk's handle scopes are per object.
    int hash = accessor->GetIdentityHash();
    auto range = scope_ids_.equal_range(hash);
    for (auto it = range.first; it != range.second; ++it) {
      Local<Value> known;
      if (accessors_->Get(context_, it->second).ToLocal(&known) && known->StrictEquals(accessor)) return it->second + 1;
    }
    uint32_t index = static_cast<uint32_t>(out_.scopes_size());
    scope_ids_.emplace(hash, index);
    accessors_->Set(context_, index, accessor).Check();
    out_.add_scopes();
    Local<Value> id_value = CallSlot(accessor, kSlotScopeId, path);
    if (!id_value->IsNumber()) throw NotCapturable{path + ": a broken scope link"};
    uint32_t id = static_cast<uint32_t>(id_value.As<v8::Number>()->Value());
    if (id >= instrumented_.scopes.size()) throw NotCapturable{path + ": a scope the program does not have"};
    const instrument::EnvScope& scope = instrumented_.scopes[id];
    pb::ScopeInstance instance;
    instance.set_scope_id(id);
    Local<Value> parent = CallSlot(accessor, kSlotParent, path);
    if (parent->IsFunction()) instance.set_parent(ScopeIndex(parent.As<v8::Function>(), path));
    if (scope.has_this) *instance.mutable_this_value() = Encode(CallSlot(accessor, kSlotThis, path), path + ".this");
    for (size_t i = 0; i < scope.names.size(); ++i) {
      v8::TryCatch tdz(isolate_);
      Local<Value> value;
      Local<Value> arg = v8::Integer::New(isolate_, static_cast<int>(i));
      if (!accessor->Call(context_, v8::Undefined(isolate_), 1, &arg).ToLocal(&value)) {
        instance.add_slots()->set_hole(true);  // not initialized yet (temporal dead zone)
        continue;
      }
      *instance.add_slots() = Encode(value, scope.names[i]);
    }
    *out_.mutable_scopes(static_cast<int>(index)) = std::move(instance);
    return index + 1;
  }

 private:
  Local<Value> CallSlot(Local<v8::Function> accessor, int slot, const std::string& path) {
    Local<Value> arg = v8::Integer::New(isolate_, slot);
    Local<Value> result;
    if (!accessor->Call(context_, v8::Undefined(isolate_), 1, &arg).ToLocal(&result)) {
      throw NotCapturable{path + ": its scope cannot be read"};
    }
    return result;
  }

  // `where` names the value in a message, only if it cannot be encoded.
  template <typename Where>
  void EncodePrimitive(Local<Value> v, pb::Value* out, Where&& where) {
    if (v.IsEmpty() || v->IsUndefined()) {
      out->set_undefined(true);
    } else if (v->IsNull()) {
      out->set_null(true);
    } else if (v->IsBoolean()) {
      out->set_boolean(v->IsTrue());
    } else if (v->IsNumber()) {
      out->set_number(v.As<v8::Number>()->Value());
    } else if (v->IsString()) {
      std::string text = ToStdString(isolate_, v);
      // Lone surrogates make WTF-8, which a protobuf string may not hold.
      if (IsUtf8(text)) {
        out->set_string(std::move(text));
      } else {
        out->set_wtf8(std::move(text));
      }
    } else if (v->IsBigInt()) {
      Local<v8::String> text;
      if (!v->ToString(context_).ToLocal(&text)) throw NotCapturable{where() + ": a BigInt that cannot be read"};
      out->set_bigint(ToStdString(isolate_, text));
    } else {
      throw NotCapturable{where() + ": a value of an unknown kind"};
    }
  }

  // The number of an object or symbol (the tracer's); a new one is queued, and where it was
  // first seen is kept for messages.
  uint32_t Ref(Local<Value> v, const std::string& path) {
    uint32_t index = Number(v, [&] { return path; });
    Seen(index, -1, 0, path);
    return index;
  }
  template <typename Where>
  uint32_t Number(Local<Value> v, Where&& where) {
    Local<Value> id;
    if (!ref_->Call(context_, tracer_, 1, &v).ToLocal(&id) || !id->IsNumber()) throw NotCapturable{where() + ": it cannot be numbered"};
    return static_cast<uint32_t>(id.As<v8::Number>()->Value());
  }

  void Grow(uint32_t size) {
    while (static_cast<uint32_t>(out_.objects_size()) < size) out_.add_objects();
  }

  // Where an object was first seen: under a parent's property, or at a named root.
  struct Origin {
    int64_t parent = -2;  // -2: not seen yet; -1: a root
    int64_t key = 0;      // name number, or -1 - symbol number
    std::string root;
  };
  void Seen(uint32_t index, int64_t parent, int64_t key, const std::string& root) {
    if (origins_.size() <= index) origins_.resize(index + 1);
    Origin& o = origins_[index];
    if (o.parent != -2) return;
    o.parent = parent;
    o.key = key;
    if (parent < 0 || key == -2) o.root = root;
  }
  std::string PathOf(uint32_t index) const {
    std::vector<std::string> parts;
    for (int guard = 0; index < origins_.size() && guard < 64; ++guard) {
      const Origin& o = origins_[index];
      if (o.parent < 0) {
        parts.push_back(o.root);
        break;
      }
      if (o.key == -2) {
        parts.push_back(o.root);  // a label: "<key>", "<target>"...
      } else if (o.key == -3) {
        parts.push_back("__proto__");
      } else {
        parts.push_back(o.key >= 0 && static_cast<size_t>(o.key) < names_seen_.size() ? names_seen_[static_cast<size_t>(o.key)] : "[symbol]");
      }
      index = static_cast<uint32_t>(o.parent);
    }
    std::string path;
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) path += (path.empty() ? "" : ".") + *it;
    return path.empty() ? "#" + std::to_string(index) : path;
  }

  // The names the tracer has numbered so far, into the snapshot's table.
  void SyncNames() {
    uint32_t length = names_->Length();
    for (uint32_t i = static_cast<uint32_t>(names_seen_.size()); i < length; ++i) {
      Local<Value> name;
      if (!names_->Get(context_, i).ToLocal(&name)) throw NotCapturable{"a property name cannot be read"};
      names_seen_.push_back(ToStdString(isolate_, name));
      if (names_seen_.back() == "prototype") prototype_name_ = static_cast<int64_t>(i);
      out_.add_names(names_seen_.back());
    }
  }

  void EncodeSymbol(Local<v8::Symbol> symbol, pb::SymbolObject* s) {
    for (const auto& [known, name] : host_symbols_) {
      if (known->StrictEquals(symbol)) {
        s->set_host(name);
        return;
      }
    }
    for (const auto& [name, get] : kWellKnownSymbols) {
      if (get(isolate_)->StrictEquals(symbol)) {
        s->set_well_known(name);
        return;
      }
    }
    Local<Value> description = symbol->Description(isolate_);
    std::string text = description->IsString() ? ToStdString(isolate_, description) : std::string();
    // A registered symbol is the one Symbol.for returns for its description.
    if (description->IsString() && v8::Symbol::For(isolate_, description.As<v8::String>())->StrictEquals(symbol)) {
      s->set_registered(text);
    } else {
      s->set_description(text);
      s->set_undescribed(!description->IsString());
    }
  }

  void EncodeObject(Local<v8::Object> object, pb::HeapObject* out, Cursor& c) {
    if (object->IsPromise() && object.As<v8::Promise>()->State() == v8::Promise::kPending) {
      throw NotCapturable{PathOf(current_) + ": a pending Promise (pending promises and the async functions awaiting them do not migrate yet)"};
    }
    if (object->IsGeneratorObject()) throw NotCapturable{PathOf(current_) + ": a suspended generator"};
    if (object->IsWeakMap() || object->IsWeakSet()) throw NotCapturable{PathOf(current_) + ": a WeakMap or WeakSet"};
    if (object->IsSharedArrayBuffer() || object->IsWasmModuleObject()) throw NotCapturable{PathOf(current_) + ": a shared or WebAssembly object"};
    // Buffers and their views carry embedder fields too; anything else that does is the host's.
    if (object->InternalFieldCount() > 0 && !object->IsArrayBuffer() && !object->IsArrayBufferView() && !object->IsPromise()) {
      throw NotCapturable{PathOf(current_) + ": a host object"};
    }
    Local<Value> link = ReadProperties(object, out, c);
    if (object->IsFunction()) {
      Local<v8::Function> fn = object.As<v8::Function>();
      Local<Value> target = fn->GetBoundFunction();
      if (!target->IsUndefined()) {
        Local<Value> record;
        Local<Value> bound_target, this_value, args;
        if (!object->Get(context_, bound_symbol_).ToLocal(&record) || !record->IsObject() ||
            !record.As<v8::Object>()->Get(context_, V8Str(isolate_, "target")).ToLocal(&bound_target) ||
            !record.As<v8::Object>()->Get(context_, V8Str(isolate_, "thisArg")).ToLocal(&this_value) ||
            !record.As<v8::Object>()->Get(context_, V8Str(isolate_, "args")).ToLocal(&args) || !args->IsArray()) {
          throw NotCapturable{PathOf(current_) + ": a function bound by the host"};
        }
        pb::BoundFunction* b = out->mutable_bound_function();
        *b->mutable_target() = EncodeChild(bound_target, "<target>");
        *b->mutable_this_value() = EncodeChild(this_value, "<this>");
        Local<v8::Array> list = args.As<v8::Array>();
        for (uint32_t i = 0; i < list->Length(); ++i) {
          Local<Value> a;
          if (list->Get(context_, i).ToLocal(&a)) *b->add_arguments() = EncodeChild(a, "<argument>");
        }
        return;
      }
      if (fn->ScriptId() == v8::UnboundScript::kNoScriptId) {
        throw NotCapturable{PathOf(current_) + ": an engine-internal function, such as the resolve function of a pending promise "
                                   "that an async function awaits (pending promises do not migrate yet)"};
      }
      if (fn->ScriptId() != user_script_id_) {
        Local<Value> name = fn->GetDebugName();
        throw NotCapturable{PathOf(current_) + ": a host function (" + ToStdString(isolate_, name) + ") that is not a built-in"};
      }
      pb::FunctionObject* f = out->mutable_function();
      // Which site of the program made it: V8's position of the function, in the script it runs.
      int line = fn->GetScriptLineNumber(), column = fn->GetScriptColumnNumber();
      uint32_t position = line < 0 || column < 0 ? UINT32_MAX
                                                 : positions_.CodeOffset(static_cast<uint32_t>(line) + 1, static_cast<uint32_t>(column));
      int32_t site = position == UINT32_MAX ? -1 : sites_.Find(position);
      if (site < 0) throw NotCapturable{PathOf(current_) + ": a function the program's text does not show (made by new Function?)"};
      const instrument::FunctionSite& s = sites_.sites()[static_cast<size_t>(site)];
      if (s.private_state) {
        throw NotCapturable{PathOf(current_) + ": a class with private fields or methods (#names), which do not migrate yet"};
      }
      f->set_position(position);
      function_sites_[current_] = static_cast<uint32_t>(site);
      if (s.kind == instrument::SiteKind::kObjectMember || s.kind == instrument::SiteKind::kClassMember) {
        if (s.key.end == s.key.start) throw NotCapturable{PathOf(current_) + ": a private method"};
        members_.push_back(current_);  // its home is found at the end
      }
      if (s.kind != instrument::SiteKind::kClassMember) {
        // Class methods are made with their class; everything else says what it closes over.
        if (link->IsFunction()) {
          f->set_scope(ScopeIndex(link.As<v8::Function>(), ""));
        } else if (s.kind == instrument::SiteKind::kObjectMember && sites_.sites()[static_cast<size_t>(s.container)].linked) {
          throw NotCapturable{PathOf(current_) + ": a method whose scope link is gone (the variables it closes over cannot be found)"};
        }
      }
    } else if (object->IsPromise()) {
      Local<v8::Promise> promise = object.As<v8::Promise>();
      pb::PromiseObject* p = out->mutable_promise();
      p->set_rejected(promise->State() == v8::Promise::kRejected);
      *p->mutable_result() = EncodeChild(promise->Result(), "<result>");
    } else if (object->IsArray()) {
      out->mutable_array()->set_length(object.As<v8::Array>()->Length());
    } else if (object->IsMap()) {
      Local<v8::Array> entries = object.As<v8::Map>()->AsArray();
      pb::MapObject* m = out->mutable_map();
      for (uint32_t i = 0; i + 1 < entries->Length(); i += 2) {
        Local<Value> k, v;
        if (!entries->Get(context_, i).ToLocal(&k) || !entries->Get(context_, i + 1).ToLocal(&v)) continue;
        *m->add_keys() = EncodeChild(k, "<key>");
        *m->add_values() = EncodeChild(v, "<value>");
      }
    } else if (object->IsSet()) {
      Local<v8::Array> values = object.As<v8::Set>()->AsArray();
      pb::SetObject* s = out->mutable_set();
      for (uint32_t i = 0; i < values->Length(); ++i) {
        Local<Value> v;
        if (values->Get(context_, i).ToLocal(&v)) *s->add_values() = EncodeChild(v, "<entry>");
      }
    } else if (object->IsDate()) {
      out->set_date(object.As<v8::Date>()->ValueOf());
    } else if (object->IsRegExp()) {
      Local<v8::RegExp> re = object.As<v8::RegExp>();
      pb::RegExpObject* r = out->mutable_regexp();
      r->set_source(ToStdString(isolate_, re->GetSource()));
      static const std::pair<v8::RegExp::Flags, char> kFlags[] = {
          {v8::RegExp::kHasIndices, 'd'}, {v8::RegExp::kGlobal, 'g'}, {v8::RegExp::kIgnoreCase, 'i'},
          {v8::RegExp::kMultiline, 'm'}, {v8::RegExp::kDotAll, 's'}, {v8::RegExp::kUnicode, 'u'},
          {v8::RegExp::kSticky, 'y'}};
      std::string flags;
      for (const auto& [flag, letter] : kFlags) {
        if (re->GetFlags() & flag) flags += letter;
      }
      r->set_flags(flags);
    } else if (object->IsNativeError()) {
      out->mutable_error()->set_constructor(ToStdString(isolate_, object->GetConstructorName()));
    } else if (object->IsNumberObject()) {
      *out->mutable_boxed() = EncodeChild(v8::Number::New(isolate_, object.As<v8::NumberObject>()->ValueOf()), "<boxed>");
    } else if (object->IsStringObject()) {
      *out->mutable_boxed() = EncodeChild(object.As<v8::StringObject>()->ValueOf(), "<boxed>");
    } else if (object->IsBooleanObject()) {
      *out->mutable_boxed() = EncodeChild(v8::Boolean::New(isolate_, object.As<v8::BooleanObject>()->ValueOf()), "<boxed>");
    } else if (object->IsSymbolObject()) {
      *out->mutable_boxed() = EncodeChild(object.As<v8::SymbolObject>()->ValueOf(), "<boxed>");
    } else if (object->IsBigIntObject()) {
      *out->mutable_boxed() = EncodeChild(object.As<v8::BigIntObject>()->ValueOf(), "<boxed>");
    } else if (object->IsArrayBuffer()) {
      auto store = object.As<v8::ArrayBuffer>()->GetBackingStore();
      out->set_array_buffer(std::string(static_cast<const char*>(store->Data()), store->ByteLength()));
    } else if (object->IsArrayBufferView()) {
      Local<v8::ArrayBufferView> view = object.As<v8::ArrayBufferView>();
      pb::TypedArrayObject* t = out->mutable_typed_array();
      t->set_type(ToStdString(isolate_, object->GetConstructorName()));
      *t->mutable_buffer() = EncodeChild(view->Buffer(), "buffer");
      t->set_byte_offset(view->ByteOffset());
      t->set_length(object->IsTypedArray() ? object.As<v8::TypedArray>()->Length() : view->ByteLength());
    } else {
      // WeakRef and FinalizationRegistry have no test of their own in the API; objects made by
      // literals or classes (whose prototype is not a built-in's) are none of them.
      const pb::Value& proto = out->prototype();
      // (A prototype not encoded yet may be a built-in.)
      auto proto_kind = proto.kind_case() == pb::Value::kObject && proto.object() < static_cast<uint32_t>(out_.objects_size())
                            ? out_.objects(static_cast<int>(proto.object())).kind_case()
                            : pb::HeapObject::KIND_NOT_SET;
      if (proto_kind == pb::HeapObject::kBuiltin || proto_kind == pb::HeapObject::KIND_NOT_SET) {
        std::string constructor = ToStdString(isolate_, object->GetConstructorName());
        if (constructor == "WeakRef" || constructor == "FinalizationRegistry") throw NotCapturable{PathOf(current_) + ": a " + constructor};
      }
      out->mutable_plain();
      // An object literal with methods is linked to the scope its methods close over.
      if (link->IsFunction()) object_scopes_[current_] = ScopeIndex(link.As<v8::Function>(), "");
    }
  }

  void EncodeChild(Local<Value> v, const char* label, pb::Value* into) {
    if (v.IsEmpty() || !(v->IsObject() || v->IsSymbol())) {
      EncodePrimitive(v, into, [&] { return PathOf(current_) + "." + label; });
      return;
    }
    uint32_t index = Number(v, [&] { return PathOf(current_) + "." + label; });
    Seen(index, current_, -2, label);
    into->set_object(index);
  }
  pb::Value EncodeChild(Local<Value> v, const char* label) {
    pb::Value out;
    EncodeChild(v, label, &out);
    return out;
  }

  // Own properties, prototype and integrity, as the tracer described them; returns the
  // object's scope link (an accessor) if it has one.
  Local<Value> ReadProperties(Local<v8::Object> object, pb::HeapObject* out, Cursor& c) {
    out->set_integrity(static_cast<pb::Integrity>(static_cast<int>(c.Next())));
    double proto = c.Next();
    if (proto < 0) {
      out->mutable_prototype()->set_null(true);
    } else {
      Seen(static_cast<uint32_t>(proto), current_, -3, "");
      out->mutable_prototype()->set_object(static_cast<uint32_t>(proto));
    }
    double link_index = c.Next();
    Local<Value> link = v8::Undefined(isolate_);
    if (link_index >= 0 && !links_->Get(context_, static_cast<uint32_t>(link_index)).ToLocal(&link)) {
      throw NotCapturable{PathOf(current_) + ": its scope link cannot be read"};
    }
    size_t count = static_cast<size_t>(c.Next());
    auto value = [&](int type, double v, int64_t key, pb::Value* into) {
      switch (type) {
        case 0: into->set_undefined(true); break;
        case 1: into->set_null(true); break;
        case 2: into->set_boolean(v != 0); break;
        case 3: into->set_number(v); break;
        case 4: {
          std::string text;
          if (c.String(static_cast<size_t>(v), &text)) {
            into->set_string(std::move(text));
          } else {
            into->set_wtf8(std::move(text));
          }
          break;
        }
        case 5: c.String(static_cast<size_t>(v), into->mutable_bigint()); break;
        default: {
          uint32_t ref = static_cast<uint32_t>(v);
          Seen(ref, current_, key, "");
          into->set_object(ref);
          // Functions held as properties: the candidates for a method's home.
          if (type == 7) holders_[ref].push_back(current_);
        }
      }
    };
    for (size_t i = 0; i < count; ++i) {
      int64_t key = static_cast<int64_t>(c.Next());
      uint32_t flags = static_cast<uint32_t>(c.Next());
      double a = c.Next(), b = c.Next();
      pb::Property* p = out->add_properties();
      if (key >= 0) {
        p->set_name_index(static_cast<uint32_t>(key));
      } else {
        p->set_symbol(static_cast<uint32_t>(-1 - key));
      }
      p->set_enumerable(flags & 4);
      p->set_configurable(flags & 8);
      if (flags & 1) {
        p->set_accessor(true);
        value(static_cast<int>((flags >> 4) & 7), a, key, p->mutable_getter());
        value(static_cast<int>((flags >> 7) & 7), b, key, p->mutable_setter());
      } else {
        p->set_writable(flags & 2);
        int type = static_cast<int>((flags >> 4) & 7);
        value(type, a, key, p->mutable_value());
        if (type >= 6 && key == prototype_name_ && object->IsFunction()) prototype_of_[p->value().object()] = current_;
      }
    }
    return link;
  }

  // A method's home: the object that holds it and that restore re-creates with it (the object
  // literal, the class, or the class's prototype); an object literal's methods close over its
  // scope.
  void FindHome(uint32_t index) {
    const std::string path = PathOf(index);
    const instrument::FunctionSite& s = sites_.sites()[function_sites_.at(index)];
    pb::FunctionObject* f = out_.mutable_objects(static_cast<int>(index))->mutable_function();
    static const std::vector<uint32_t> kNone;
    auto found = holders_.find(index);
    const std::vector<uint32_t>& holders = found == holders_.end() ? kNone : found->second;
    auto site_of = [&](uint32_t object) {
      auto it = function_sites_.find(object);
      return it == function_sites_.end() ? -1 : static_cast<int32_t>(it->second);
    };
    if (s.kind == instrument::SiteKind::kObjectMember) {
      // Its scope is its own link. Its home (what `super` means in it) is the object literal
      // that holds it if that is still so, else restore makes it in a literal of its own.
      for (uint32_t h : holders) {
        auto scope = object_scopes_.find(h);
        if (scope != object_scopes_.end() && scope->second == f->scope()) {
          f->set_home(h + 1);
          return;
        }
      }
      if (!sites_.sites()[static_cast<size_t>(s.container)].linked && !holders.empty()) f->set_home(holders[0] + 1);
      return;
    }
    for (uint32_t h : holders) {
      int32_t cls = -1;
      if (s.is_static) {
        cls = site_of(h);
      } else if (auto p = prototype_of_.find(h); p != prototype_of_.end()) {
        cls = site_of(p->second);
      }
      if (cls == s.container) {
        f->set_home(h + 1);
        return;
      }
    }
    throw NotCapturable{path + ": a class method away from its class"};
  }

  Local<v8::Symbol> bound_symbol_;
  v8::Isolate* isolate_;
  Local<v8::Context> context_;
  const instrument::InstrumentResult& instrumented_;
  const instrument::FunctionSites& sites_;
  const instrument::PositionMap& positions_;
  int user_script_id_;
  pb::Snapshot& out_;
  Local<v8::Object> tracer_;
  Local<v8::Function> ref_, describe_;
  Local<v8::Array> queue_, names_, links_;
  std::u16string text_;  // the strings of the batch being read
  Local<v8::Array> accessors_;                   // scope accessors, by scope number
  std::unordered_multimap<int, uint32_t> scope_ids_;  // accessor identity hash -> scope number
  uint32_t next_ = 0;
  uint32_t current_ = 0;  // the object being encoded
  std::vector<Origin> origins_;
  std::vector<std::string> names_seen_;
  int64_t prototype_name_ = -100;  // the number of the name "prototype", once seen
  std::vector<std::pair<Local<v8::Symbol>, std::string>> host_symbols_;
  std::unordered_map<uint32_t, uint32_t> function_sites_;        // function -> its site
  std::unordered_map<uint32_t, std::vector<uint32_t>> holders_;  // function -> objects holding it
  std::unordered_map<uint32_t, uint32_t> object_scopes_;         // linked object literal -> scope
  std::unordered_map<uint32_t, uint32_t> prototype_of_;          // F.prototype -> F
  std::vector<uint32_t> members_;                                 // methods: their homes are found last
};

}  // namespace

std::string Program::Impl::Capture(std::string* bytes) {
  if (exited_) return "the program has ended";
  if (!instrumented_) return "the program runs uninstrumented (--raw): it cannot migrate";
  if (!not_migratable_.empty()) return "not migratable: " + not_migratable_;
  EntryScope entry(*this);
  Local<v8::Context> context = entry.context();
  v8::TryCatch try_catch(isolate_);

  // One arena for the whole message: a snapshot is millions of small messages.
  google::protobuf::Arena arena;
  pb::Snapshot& snapshot = *google::protobuf::Arena::CreateMessage<pb::Snapshot>(&arena);
  pb::ProgramInfo* info = snapshot.mutable_program();
  info->set_filename(options_.filename);
  info->set_source(source_);
  info->set_id(options_.id);
  for (const std::string& a : options_.argv) info->add_argv(a);
  for (const auto& [k, v] : options_.env) (*info->mutable_env())[k] = v;
  info->set_migrations(migrations_);
  for (const std::string& w : history_) info->add_history(w);
  info->add_history(options_.worker);
  double now = host_.clock->NowMs() - start_time_ms_;
  snapshot.set_program_time_ms(now);
  snapshot.set_exit_code(exit_code_hint_);

  Local<v8::Object> global = context->Global();
  if (!sites_) sites_ = std::make_unique<instrument::FunctionSites>(instrumented_->code, false);
  if (!sites_->error().empty()) return "internal error: the instrumented program does not parse: " + sites_->error();
  info->set_instrumented_crc32(proto::Crc32(instrumented_->code));
  Local<v8::Object> tracer;
  if (!MakeTracer(context, &tracer)) return "internal error: the snapshot tracer is missing";
  try {
    Capturer capturer(isolate_, context, *instrumented_, *sites_, *positions_, user_script_id_,
                      bound_symbol_.Get(isolate_), host_symbols_.IsEmpty() ? Local<v8::Object>() : host_symbols_.Get(isolate_),
                      tracer, snapshot);
    if (builtins_cache_.IsEmpty() && !ListBuiltins(context, tracer)) throw NotCapturable{"the built-ins cannot be listed"};
    // The program's own globals: what top-level var, function and implicit globals added.
    Local<v8::Object> globals = v8::Object::New(isolate_);
    Local<v8::Array> names;
    if (global->GetOwnPropertyNames(context, v8::ALL_PROPERTIES, v8::KeyConversionMode::kConvertToString).ToLocal(&names)) {
      for (uint32_t i = 0; i < names->Length(); ++i) {
        Local<Value> name, value;
        if (!names->Get(context, i).ToLocal(&name) || !name->IsString()) continue;
        std::string key = ToStdString(isolate_, name);
        if (pristine_globals_.count(key) || key.rfind(instrument::kReservedPrefix, 0) == 0) continue;
        if (global->Get(context, name).ToLocal(&value)) globals->Set(context, name, value).Check();
      }
    }
    *snapshot.mutable_global_object() = capturer.Encode(globals, "globals");
    // The top-level scope's captured let/const/class.
    if (!top_accessor_.IsEmpty()) {
      snapshot.set_top_scope_index(capturer.ScopeIndex(top_accessor_.Get(isolate_), "top level"));
    }
    // Timers, in firing order, then immediates.
    std::vector<const Timer*> order;
    for (const auto& [due, seq, id] : timer_queue_) order.push_back(&timers_.at(id));
    for (uint64_t id : immediates_) {
      auto it = timers_.find(id);
      if (it != timers_.end()) order.push_back(&it->second);
    }
    for (const Timer* t : order) {
      pb::Timer* out = snapshot.add_timers();
      std::string path = std::string(t->immediate ? "setImmediate" : "setTimeout") + "#" + std::to_string(t->id);
      out->set_id(t->id);
      out->set_remaining_ms(t->immediate ? 0 : std::max(0.0, t->due_ms - host_.clock->NowMs()));
      out->set_repeat(t->repeat);
      out->set_interval_ms(t->delay_ms);
      out->set_ref(t->ref);
      out->set_immediate(t->immediate);
      *out->mutable_callback() = capturer.Encode(t->callback.Get(isolate_), path + ".callback");
      *out->mutable_handle() = capturer.Encode(t->handle.Get(isolate_), path + ".handle");
      for (size_t i = 0; i < t->args.size(); ++i) {
        *out->add_arguments() = capturer.Encode(t->args[i].Get(isolate_), path + ".arguments[" + std::to_string(i) + "]");
      }
    }
    for (const std::string& filter : filter_order_) {
      const auto& handlers = subscriptions_.at(filter);
      pb::Subscription* sub = snapshot.add_subscriptions();
      sub->set_topic(filter);
      for (const auto& h : handlers) *sub->add_handlers() = capturer.Encode(h.Get(isolate_), "subscribe('" + filter + "')");
    }
    capturer.Drain();
    // Messages that arrived and wait for their turn go with the program.
    std::lock_guard<std::mutex> lock(inbox_mutex_);
    for (const Message& m : inbox_) {
      pb::InboxMessage* out = snapshot.add_inbox();
      out->set_filter(m.filter);
      out->set_topic(m.topic);
      out->set_payload(m.payload);
    }
  } catch (const NotCapturable& e) {
    return "not migratable: " + e.message;
  }
  if (try_catch.HasCaught()) return "capture failed: " + ToStdString(isolate_, try_catch.Exception());
  *bytes = proto::EncodeEnvelope(snapshot.SerializeAsString());
  // Kept only while captures are being tried: an idle program does not carry it.
  builtins_cache_.Reset();
  return "";
}

bool Program::Impl::MakeTracer(Local<v8::Context> context, Local<v8::Object>* tracer) {
  Local<Value> arg = builtins_cache_.IsEmpty() ? Local<Value>(v8::Undefined(isolate_)) : Local<Value>(builtins_cache_.Get(isolate_));
  Local<Value> made;
  if (make_tracer_.IsEmpty() || !make_tracer_.Get(isolate_)->Call(context, v8::Undefined(isolate_), 1, &arg).ToLocal(&made) ||
      !made->IsObject()) {
    return false;
  }
  *tracer = made.As<v8::Object>();
  return true;
}

// Built-ins are referred to by path: the globals the program started with, the global object
// itself, the host's modules and the host objects no global names. Listing them is most of
// the time of capturing a small program, and their paths do not change (a built-in the program
// replaces later is still found by its path in a fresh isolate), so the list is kept for the
// next capture until one succeeds.
bool Program::Impl::ListBuiltins(Local<v8::Context> context, Local<v8::Object> tracer) {
  Local<v8::Object> global = context->Global();
  Local<Value> add_builtins, add_builtin;
  Local<v8::Function> is_user;
  auto is_user_callback = [](const v8::FunctionCallbackInfo<Value>& info) {
    auto* self = static_cast<Program::Impl*>(info.Data().As<v8::External>()->Value());
    info.GetReturnValue().Set(info[0]->IsFunction() && info[0].As<v8::Function>()->ScriptId() == self->user_script_id_);
  };
  if (!tracer->Get(context, V8Str(isolate_, "addBuiltins")).ToLocal(&add_builtins) || !add_builtins->IsFunction() ||
      !tracer->Get(context, V8Str(isolate_, "addBuiltin")).ToLocal(&add_builtin) || !add_builtin->IsFunction() ||
      !v8::Function::New(context, is_user_callback, v8::External::New(isolate_, this)).ToLocal(&is_user)) {
    return false;
  }
  // Paths through properties are preferred; a second pass names what only a prototype link
  // reaches (%TypedArray%, iterator prototypes).
  auto add = [&](Local<v8::Object> roots) {
    for (bool deep : {false, true}) {
      Local<Value> args[] = {roots, is_user, v8::Boolean::New(isolate_, deep)};
      Local<Value> ignored;
      if (!add_builtins.As<v8::Function>()->Call(context, tracer, 3, args).ToLocal(&ignored)) return false;
    }
    return true;
  };
  Local<v8::Object> roots = v8::Object::New(isolate_);
  for (const std::string& name : pristine_globals_) {
    Local<Value> v;
    if (global->Get(context, V8Str(isolate_, name)).ToLocal(&v)) roots->Set(context, V8Str(isolate_, name), v).Check();
  }
  if (!add(roots)) return false;
  Local<Value> global_args[] = {global, V8Str(isolate_, "globalThis")};
  Local<Value> ignored;
  if (!add_builtin.As<v8::Function>()->Call(context, tracer, 2, global_args).ToLocal(&ignored)) return false;
  Local<v8::Object> modules = v8::Object::New(isolate_);
  for (const char* module : {"things", "events"}) {
    Local<Value> require, exports;
    Local<Value> arg = V8Str(isolate_, module);
    if (global->Get(context, V8Str(isolate_, "require")).ToLocal(&require) && require->IsFunction() &&
        require.As<v8::Function>()->Call(context, global, 1, &arg).ToLocal(&exports) && exports->IsObject()) {
      modules->Set(context, V8Str(isolate_, std::string("require('") + module + "')"), exports).Check();
    }
  }
  if (!add(modules)) return false;
  if (!host_objects_.IsEmpty() && !add(host_objects_.Get(isolate_))) return false;
  Local<Value> builtins;
  if (!tracer->Get(context, V8Str(isolate_, "builtins")).ToLocal(&builtins) || !builtins->IsMap()) return false;
  builtins_cache_.Reset(isolate_, builtins.As<v8::Map>());
  return true;
}

void Program::Impl::PrepareCapture() {
  if (!instrumented_ || exited_ || !builtins_cache_.IsEmpty()) return;
  EntryScope entry(*this);
  Local<v8::Context> context = entry.context();
  v8::TryCatch try_catch(isolate_);
  if (!sites_) sites_ = std::make_unique<instrument::FunctionSites>(instrumented_->code, false);
  Local<v8::Object> tracer;
  if (!MakeTracer(context, &tracer) || !ListBuiltins(context, tracer)) builtins_cache_.Reset();  // the capture will say why
}

}  // namespace thingsjs::runtime
