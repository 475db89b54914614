// Snapshot restore: rebuilds a captured program's heap in a fresh isolate without running its
// top-level code or constructors again (docs/migration.md, "Restore").
//
// The host creates the objects it can make by itself (plain objects, arrays, Map, Set, Date,
// RegExp, errors, buffers, symbols) and resolves built-ins by path. Functions are made by the
// program's own text, in a generated script that mirrors the captured scope instances: every
// exposed scope of the program becomes a generator function nested in its parent's, called once
// per instance. Phase one (up to the `yield`) evaluates the text of every function, class and
// method-holding object literal made in that instance; phase two declares the instance's
// bindings with their captured values and its accessor, so that the functions close over them.
// The host then fills in properties, prototypes and integrity levels, links every function to
// its instance's accessor, and re-arms timers and subscriptions.

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
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

struct RestoreError {
  std::string message;
};

// WTF-8 (UTF-8 that may hold lone surrogates) to UTF-16.
std::u16string Wtf8ToUtf16(const std::string& s) {
  std::u16string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp = 0xFFFD;
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (i + n > s.size()) n = 1;
    if (n == 1) {
      cp = c < 0x80 ? c : 0xFFFD;
    } else {
      cp = c & (0x7F >> n);
      for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

const char* DeclarationKeyword(instrument::BindingKind kind) {
  switch (kind) {
    case instrument::BindingKind::kLet:
    case instrument::BindingKind::kClass:
    case instrument::BindingKind::kCatch:
      return "let";
    case instrument::BindingKind::kConst:
    case instrument::BindingKind::kImport:
      return "const";
    default:
      return "var";
  }
}

bool ToArrayIndex(const std::string& s, uint32_t* index) {
  if (s.empty() || s.size() > 10 || (s.size() > 1 && s[0] == '0')) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v >= 0xFFFFFFFFull) return false;
  *index = static_cast<uint32_t>(v);
  return true;
}

// Values by index, kept in a JavaScript array: the helper's callbacks run in handle scopes of
// their own, so what they make cannot be kept as Locals.
class Slots {
 public:
  void Init(v8::Isolate* isolate, Local<v8::Context> context, size_t size) {
    context_ = context;
    array_ = v8::Array::New(isolate, static_cast<int>(size));
    made_.assign(size, false);
  }
  size_t size() const { return made_.size(); }
  bool Has(size_t i) const { return i < made_.size() && made_[i]; }
  Local<Value> Get(size_t i) const {
    if (!frozen_.empty()) return i < frozen_.size() ? frozen_[i] : Local<Value>();
    Local<Value> v;
    if (!Has(i) || !array_->Get(context_, static_cast<uint32_t>(i)).ToLocal(&v)) return Local<Value>();
    return v;
  }
  void Put(size_t i, Local<Value> v) {
    if (i >= made_.size()) made_.resize(i + 1, false);
    array_->Set(context_, static_cast<uint32_t>(i), v).Check();
    made_[i] = true;
    if (i < frozen_.size()) frozen_[i] = v;
  }
  // From now on reads come from Locals of the caller's handle scope (faster than the array);
  // only for use outside the helper's callbacks.
  void Freeze() {
    frozen_.assign(made_.size(), Local<Value>());
    for (size_t i = 0; i < made_.size(); ++i) {
      if (made_[i] && !array_->Get(context_, static_cast<uint32_t>(i)).ToLocal(&frozen_[i])) frozen_[i] = Local<Value>();
    }
  }
  uint32_t Push(Local<Value> v) {
    uint32_t i = static_cast<uint32_t>(made_.size());
    Put(i, v);
    return i;
  }

 private:
  Local<v8::Context> context_;
  Local<v8::Array> array_;
  std::vector<bool> made_;
  std::vector<Local<Value>> frozen_;
};

class Restorer {
 public:
  Restorer(Program::Impl& impl, const pb::Snapshot& snapshot, const instrument::InstrumentResult& instrumented,
           const instrument::FunctionSites& sites, Local<v8::Context> context, Local<v8::Symbol> env_symbol,
           Local<v8::Object> host_objects, Local<v8::Object> host_symbols)
      : impl_(impl),
        snap_(snapshot),
        instrumented_(instrumented),
        sites_(sites),
        isolate_(context->GetIsolate()),
        context_(context),
        env_symbol_(env_symbol),
        host_objects_(host_objects),
        host_symbols_(host_symbols) {}

  // Builds the heap. `script` receives the generated script and `copies` where its parts
  // come from in the instrumented program.
  void Run(std::string* script, std::vector<instrument::FunctionSites::Copy>* copies) {
    Validate();
    objects_.Init(isolate_, context_, static_cast<size_t>(snap_.objects_size()));
    accessors_.Init(isolate_, context_, static_cast<size_t>(snap_.scopes_size()) + 1);
    kept_.Init(isolate_, context_, 0);
    resolvers_.Init(isolate_, context_, static_cast<size_t>(snap_.objects_size()));
    Plan();
    CreateShells(false);
    CreateShells(true);  // views, once their buffers exist
    *script = Generate(copies);
    Local<v8::Function> root = CompileRoot(*script);
    Local<v8::Object> helper = MakeHelper();
    Local<v8::Object> global = context_->Global();
    Local<v8::String> helper_name = V8Str(isolate_, "$tjs$R");
    if (!global->DefineOwnProperty(context_, helper_name, helper, v8::DontEnum).FromMaybe(false)) {
      throw RestoreError{"cannot install the restore helper"};
    }
    Local<Value> iterator_value;
    Local<Value> zero = v8::Number::New(isolate_, 0);
    if (!root->Call(context_, v8::Undefined(isolate_), 1, &zero).ToLocal(&iterator_value) || !iterator_value->IsObject()) {
      Rethrow("starting the restore script");
    }
    Local<v8::Object> iterator = iterator_value.As<v8::Object>();
    Next(iterator, "creating functions");
    AdoptClassParts();
    ResolveMembers();
    for (size_t i = 0; i < objects_.size(); ++i) {
      if (snap_.objects(static_cast<int>(i)).kind_case() == pb::HeapObject::kBoundFunction) Bound(static_cast<uint32_t>(i));
    }
    for (size_t i = 0; i < objects_.size(); ++i) {
      if (!objects_.Has(i)) throw RestoreError{"object #" + std::to_string(i) + " could not be made"};
    }
    objects_.Freeze();
    Next(iterator, "declaring variables");
    global->Delete(context_, helper_name).Check();
    Fill();
    Link();
    for (size_t i = 0; i < objects_.size(); ++i) SetIntegrity(static_cast<uint32_t>(i));
    RestoreGlobals();
  }

  Local<Value> Decode(const pb::Value& v, bool hole_ok = false) {
    switch (v.kind_case()) {
      case pb::Value::kUndefined:
      case pb::Value::KIND_NOT_SET:
        return v8::Undefined(isolate_);
      case pb::Value::kNull:
        return v8::Null(isolate_);
      case pb::Value::kBoolean:
        return v8::Boolean::New(isolate_, v.boolean());
      case pb::Value::kNumber:
        return v8::Number::New(isolate_, v.number());
      case pb::Value::kString: {
        // Short strings are internalized: equal ones share one copy, as they often did.
        const std::string& text = v.string();
        Local<v8::String> out;
        if (text.size() > static_cast<size_t>(v8::String::kMaxLength) ||
            !v8::String::NewFromUtf8(isolate_, text.data(),
                                     text.size() <= 32 ? v8::NewStringType::kInternalized : v8::NewStringType::kNormal,
                                     static_cast<int>(text.size()))
                 .ToLocal(&out)) {
          throw RestoreError{"a string too long for this engine"};
        }
        return out;
      }
      case pb::Value::kWtf8: {
        std::u16string text = Wtf8ToUtf16(v.wtf8());
        Local<v8::String> out;
        if (text.size() > static_cast<size_t>(v8::String::kMaxLength) ||
            !v8::String::NewFromTwoByte(isolate_, reinterpret_cast<const uint16_t*>(text.data()), v8::NewStringType::kNormal,
                                        static_cast<int>(text.size()))
                 .ToLocal(&out)) {
          throw RestoreError{"a string too long for this engine"};
        }
        return out;
      }
      case pb::Value::kBigint: {
        Local<Value> ctor, result;
        Local<Value> arg = Str(v.bigint());
        if (!context_->Global()->Get(context_, V8Str(isolate_, "BigInt")).ToLocal(&ctor) || !ctor->IsFunction() ||
            !ctor.As<v8::Function>()->Call(context_, v8::Undefined(isolate_), 1, &arg).ToLocal(&result)) {
          throw RestoreError{"a BigInt that does not parse: " + v.bigint()};
        }
        return result;
      }
      case pb::Value::kObject: {
        uint32_t i = v.object();
        if (i >= objects_.size()) throw RestoreError{"a reference to object #" + std::to_string(i) + ", which does not exist"};
        if (!objects_.Has(i)) throw RestoreError{"object #" + std::to_string(i) + " is used before it can be made"};
        return objects_.Get(i);
      }
      case pb::Value::kHole:
        if (hole_ok) return Local<Value>();
        throw RestoreError{"an uninitialized value where a value is needed"};
    }
    return v8::Undefined(isolate_);
  }

  Local<v8::Function> Accessor(uint32_t instance) const {
    Local<Value> a = accessors_.Get(instance);
    return a.IsEmpty() || !a->IsFunction() ? Local<v8::Function>() : a.As<v8::Function>();
  }

 private:
  // A string from the snapshot as a V8 string (a hostile one may be longer than V8 allows).
  Local<v8::String> Str(const std::string& text) {
    Local<v8::String> out;
    if (text.size() > static_cast<size_t>(v8::String::kMaxLength) ||
        !v8::String::NewFromUtf8(isolate_, text.data(), v8::NewStringType::kNormal, static_cast<int>(text.size())).ToLocal(&out)) {
      throw RestoreError{"a string too long for this engine"};
    }
    return out;
  }

  // ---- checks ---------------------------------------------------------------------------

  void Validate() {
    const auto& env = instrumented_.scopes;
    for (int i = 0; i < snap_.scopes_size(); ++i) {
      const pb::ScopeInstance& s = snap_.scopes(i);
      if (s.scope_id() >= env.size()) throw RestoreError{"scope instance " + std::to_string(i) + " names a scope the program does not have"};
      const instrument::EnvScope& e = env[s.scope_id()];
      if (static_cast<size_t>(s.slots_size()) != e.names.size()) throw RestoreError{"scope instance " + std::to_string(i) + " has the wrong number of variables"};
      // A parent may come after its children; its scope must be the static parent scope.
      if (s.parent() > static_cast<uint32_t>(snap_.scopes_size())) throw RestoreError{"scope instance " + std::to_string(i) + " has no parent"};
      int32_t parent_scope = s.parent() == 0 ? -1 : static_cast<int32_t>(snap_.scopes(static_cast<int>(s.parent() - 1)).scope_id());
      if (parent_scope != e.parent) throw RestoreError{"scope instance " + std::to_string(i) + " sits in the wrong parent"};
    }
    // No cycles among parents: each parent chain ends within the number of instances.
    for (int i = 0; i < snap_.scopes_size(); ++i) {
      uint32_t p = static_cast<uint32_t>(i) + 1;
      for (int steps = 0; p != 0; ++steps) {
        if (steps > snap_.scopes_size()) throw RestoreError{"scope instances form a cycle"};
        p = snap_.scopes(static_cast<int>(p - 1)).parent();
      }
    }
    if (snap_.top_scope_index() > static_cast<uint32_t>(snap_.scopes_size())) throw RestoreError{"the top-level scope does not exist"};
  }

  // ---- who makes which object -----------------------------------------------------------

  const instrument::FunctionSite& SiteOf(const pb::FunctionObject& f, uint32_t index) {
    int32_t site = sites_.Find(f.position());
    if (site < 0) throw RestoreError{"function #" + std::to_string(index) + " is at a place where the program makes none"};
    site_of_[index] = static_cast<uint32_t>(site);
    return sites_.sites()[static_cast<size_t>(site)];
  }

  void Plan() {
    site_lists_.resize(static_cast<size_t>(snap_.scopes_size()) + 1);
    for (int i = 0; i < snap_.objects_size(); ++i) {
      const pb::HeapObject& o = snap_.objects(i);
      if (o.kind_case() != pb::HeapObject::kFunction) continue;
      uint32_t index = static_cast<uint32_t>(i);
      const pb::FunctionObject& f = o.function();
      if (f.scope() > static_cast<uint32_t>(snap_.scopes_size())) throw RestoreError{"function #" + std::to_string(i) + " closes over a scope that does not exist"};
      const instrument::FunctionSite& site = SiteOf(f, index);
      uint32_t site_index = site_of_[index];
      switch (site.kind) {
        case instrument::SiteKind::kDeclaration:
        case instrument::SiteKind::kExpression:
          site_lists_[f.scope()].push_back({site_index, static_cast<int64_t>(index)});
          break;
        case instrument::SiteKind::kClass: {
          site_lists_[f.scope()].push_back({site_index, static_cast<int64_t>(index)});
          for (const pb::Property& p : o.properties()) {
            const std::string* name = NameOf(p);
            if (name && *name == "prototype" && p.value().kind_case() == pb::Value::kObject &&
                p.value().object() < static_cast<uint32_t>(snap_.objects_size())) {
              class_prototype_[index] = p.value().object();
              adopted_.insert(p.value().object());
            }
          }
          break;
        }
        case instrument::SiteKind::kObjectMember: {
          uint32_t container = static_cast<uint32_t>(site.container);
          if (f.home() == 0) {
            // No object holds it: a literal of its own.
            site_lists_[f.scope()].push_back({container, -1 - static_cast<int64_t>(index)});
          } else {
            uint32_t home = f.home() - 1;
            if (home >= static_cast<uint32_t>(snap_.objects_size())) throw RestoreError{"a method's home does not exist"};
            if (literal_homes_.insert({home, container}).second) {
              site_lists_[f.scope()].push_back({container, static_cast<int64_t>(home)});
              if (snap_.objects(static_cast<int>(home)).kind_case() == pb::HeapObject::kPlain) adopted_.insert(home);
            }
          }
          break;
        }
        case instrument::SiteKind::kClassMember:
          if (f.home() == 0 || f.home() > static_cast<uint32_t>(snap_.objects_size())) throw RestoreError{"a class method without its class"};
          break;
        case instrument::SiteKind::kObjectLiteral:
          throw RestoreError{"function #" + std::to_string(i) + " names an object literal"};
      }
    }
  }

  void CreateShells(bool views) {
    for (int i = 0; i < snap_.objects_size(); ++i) {
      const pb::HeapObject& o = snap_.objects(i);
      bool is_view = o.kind_case() == pb::HeapObject::kTypedArray;
      if (is_view != views || objects_.Has(static_cast<size_t>(i))) continue;
      if (adopted_.count(static_cast<uint32_t>(i))) continue;
      Local<Value> made = Shell(o, static_cast<uint32_t>(i));
      if (!made.IsEmpty()) objects_.Put(static_cast<size_t>(i), made);
    }
  }

  Local<Value> Shell(const pb::HeapObject& o, uint32_t index) {
    switch (o.kind_case()) {
      case pb::HeapObject::kPlain:
        return v8::Object::New(isolate_);
      case pb::HeapObject::kArray: {
        // Room for the elements a dense array has; a sparse one gets its length when filled
        // in (allocating its length would let a snapshot ask for any amount of memory).
        uint32_t length = o.array().length();
        bool dense = length <= static_cast<uint32_t>(o.properties_size()) + 16;
        return v8::Array::New(isolate_, dense ? static_cast<int>(length) : 0);
      }
      case pb::HeapObject::kMap:
        return v8::Map::New(isolate_);
      case pb::HeapObject::kSet:
        return v8::Set::New(isolate_);
      case pb::HeapObject::kDate: {
        Local<Value> d;
        if (!v8::Date::New(context_, o.date()).ToLocal(&d)) throw RestoreError{"a Date that cannot be made"};
        return d;
      }
      case pb::HeapObject::kRegexp: {
        int flags = v8::RegExp::kNone;
        for (char c : o.regexp().flags()) {
          switch (c) {
            case 'd': flags |= v8::RegExp::kHasIndices; break;
            case 'g': flags |= v8::RegExp::kGlobal; break;
            case 'i': flags |= v8::RegExp::kIgnoreCase; break;
            case 'm': flags |= v8::RegExp::kMultiline; break;
            case 's': flags |= v8::RegExp::kDotAll; break;
            case 'u': flags |= v8::RegExp::kUnicode; break;
            case 'y': flags |= v8::RegExp::kSticky; break;
            default: throw RestoreError{"a regular expression with an unknown flag"};
          }
        }
        v8::TryCatch try_catch(isolate_);
        Local<v8::RegExp> re;
        if (!v8::RegExp::New(context_, Str(o.regexp().source()), static_cast<v8::RegExp::Flags>(flags)).ToLocal(&re)) {
          throw RestoreError{"a regular expression that does not compile: /" + o.regexp().source() + "/"};
        }
        return re;
      }
      case pb::HeapObject::kError: {
        Local<v8::String> empty = v8::String::Empty(isolate_);
        const std::string& c = o.error().constructor();
        if (c == "TypeError") return v8::Exception::TypeError(empty);
        if (c == "RangeError") return v8::Exception::RangeError(empty);
        if (c == "SyntaxError") return v8::Exception::SyntaxError(empty);
        if (c == "ReferenceError") return v8::Exception::ReferenceError(empty);
        return v8::Exception::Error(empty);  // others get their prototype when filled in
      }
      case pb::HeapObject::kSymbol:
        return MakeSymbol(o.symbol());
      case pb::HeapObject::kBoxed: {
        Local<Value> inner = Decode(o.boxed());
        if (inner->IsNumber()) return v8::NumberObject::New(isolate_, inner.As<v8::Number>()->Value());
        if (inner->IsString()) return v8::StringObject::New(isolate_, inner.As<v8::String>());
        if (inner->IsBoolean()) return v8::BooleanObject::New(isolate_, inner->IsTrue());
        if (inner->IsSymbol()) return v8::SymbolObject::New(isolate_, inner.As<v8::Symbol>());
        if (inner->IsBigInt()) return v8::BigIntObject::New(isolate_, inner.As<v8::BigInt>()->Int64Value());
        throw RestoreError{"a boxed value of an unknown kind"};
      }
      case pb::HeapObject::kArrayBuffer: {
        const std::string& bytes = o.array_buffer();
        buffer_bytes_ += bytes.size();
        if (buffer_bytes_ > impl_.options().max_heap_mb * 1024 * 1024) throw RestoreError{"its buffers exceed the heap limit"};
        Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(isolate_, bytes.size());
        if (!bytes.empty()) std::memcpy(buffer->GetBackingStore()->Data(), bytes.data(), bytes.size());
        return buffer;
      }
      case pb::HeapObject::kTypedArray:
        return MakeView(o.typed_array());
      case pb::HeapObject::kPromise: {
        // Settled with a value that may not exist yet: settled when filled in.
        Local<v8::Promise::Resolver> resolver;
        if (!v8::Promise::Resolver::New(context_).ToLocal(&resolver)) throw RestoreError{"a Promise that cannot be made"};
        resolvers_.Put(index, resolver);
        return resolver->GetPromise();
      }
      case pb::HeapObject::kBuiltin:
        return ResolveBuiltin(o.builtin());
      case pb::HeapObject::kFunction:
      case pb::HeapObject::kBoundFunction:
        return Local<Value>();  // made by the script, or after it
      case pb::HeapObject::KIND_NOT_SET:
        throw RestoreError{"object #" + std::to_string(index) + " has no kind"};
    }
    return Local<Value>();
  }

  Local<Value> MakeSymbol(const pb::SymbolObject& s) {
    switch (s.kind_case()) {
      case pb::SymbolObject::kRegistered:
        return v8::Symbol::For(isolate_, Str(s.registered()));
      case pb::SymbolObject::kWellKnown: {
        for (const auto& [name, get] : kWellKnownSymbols) {
          if (s.well_known() == name) return get(isolate_);
        }
        throw RestoreError{"an unknown well-known symbol: " + s.well_known()};
      }
      case pb::SymbolObject::kHost: {
        Local<Value> symbol;
        if (host_symbols_.IsEmpty() || !host_symbols_->Get(context_, Str(s.host())).ToLocal(&symbol) ||
            !symbol->IsSymbol()) {
          throw RestoreError{"an unknown host symbol: " + s.host()};
        }
        return symbol;
      }
      default:
        if (s.undescribed()) return v8::Symbol::New(isolate_);
        return v8::Symbol::New(isolate_, Str(s.description()));
    }
  }

  Local<Value> MakeView(const pb::TypedArrayObject& t) {
    Local<Value> buffer_value = Decode(t.buffer());
    if (!buffer_value->IsArrayBuffer()) throw RestoreError{"a typed array whose buffer is not an ArrayBuffer"};
    Local<v8::ArrayBuffer> buffer = buffer_value.As<v8::ArrayBuffer>();
    size_t offset = t.byte_offset(), length = t.length();
    size_t element = 1;
    const std::string& type = t.type();
    if (type == "Uint16Array" || type == "Int16Array") element = 2;
    if (type == "Uint32Array" || type == "Int32Array" || type == "Float32Array") element = 4;
    if (type == "Float64Array" || type == "BigInt64Array" || type == "BigUint64Array") element = 8;
    if (offset > buffer->ByteLength() || length > (buffer->ByteLength() - offset) / element || offset % element != 0) {
      throw RestoreError{"a " + type + " outside its buffer"};
    }
    if (type == "Uint8Array") return v8::Uint8Array::New(buffer, offset, length);
    if (type == "Uint8ClampedArray") return v8::Uint8ClampedArray::New(buffer, offset, length);
    if (type == "Int8Array") return v8::Int8Array::New(buffer, offset, length);
    if (type == "Uint16Array") return v8::Uint16Array::New(buffer, offset, length);
    if (type == "Int16Array") return v8::Int16Array::New(buffer, offset, length);
    if (type == "Uint32Array") return v8::Uint32Array::New(buffer, offset, length);
    if (type == "Int32Array") return v8::Int32Array::New(buffer, offset, length);
    if (type == "Float32Array") return v8::Float32Array::New(buffer, offset, length);
    if (type == "Float64Array") return v8::Float64Array::New(buffer, offset, length);
    if (type == "BigInt64Array") return v8::BigInt64Array::New(buffer, offset, length);
    if (type == "BigUint64Array") return v8::BigUint64Array::New(buffer, offset, length);
    if (type == "DataView") return v8::DataView::New(buffer, offset, length);
    // A subclass of a typed array: made as its base and given its prototype when filled in.
    return v8::Uint8Array::New(buffer, offset, length);
  }

  // "Math.max", "Array.prototype", "require('events').EventEmitter", "host:Timeout",
  // "Object.__proto__".
  Local<Value> ResolveBuiltin(const std::string& path) {
    std::vector<std::string> parts;
    size_t start = 0;
    std::string first;
    if (path.rfind("require('", 0) == 0) {
      size_t close = path.find("')");
      if (close == std::string::npos) throw RestoreError{"a built-in path that does not parse: " + path};
      first = path.substr(0, close + 2);
      start = close + 2;
    } else {
      size_t dot = path.find('.');
      first = path.substr(0, dot);
      start = dot == std::string::npos ? path.size() : dot;
    }
    Local<Value> current;
    Local<v8::Object> global = context_->Global();
    if (first == "globalThis") {
      current = global;
    } else if (first.rfind("require('", 0) == 0) {
      Local<Value> require;
      Local<Value> arg = Str(first.substr(9, first.size() - 11));
      if (!global->Get(context_, V8Str(isolate_, "require")).ToLocal(&require) || !require->IsFunction() ||
          !require.As<v8::Function>()->Call(context_, global, 1, &arg).ToLocal(&current)) {
        throw RestoreError{"a built-in module that does not load: " + first};
      }
    } else if (first.find(':') != std::string::npos) {
      if (!host_objects_->Get(context_, Str(first)).ToLocal(&current)) current = Local<Value>();
    } else {
      if (!global->Get(context_, Str(first)).ToLocal(&current)) current = Local<Value>();
    }
    while (start < path.size()) {
      size_t dot = path.find('.', start + 1);
      std::string part = path.substr(start + 1, dot == std::string::npos ? std::string::npos : dot - start - 1);
      start = dot == std::string::npos ? path.size() : dot;
      if (current.IsEmpty() || !current->IsObject()) break;
      if (part == "__proto__") {
        current = current.As<v8::Object>()->GetPrototype();
      } else if (!current.As<v8::Object>()->Get(context_, Str(part)).ToLocal(&current)) {
        current = Local<Value>();
      }
    }
    if (current.IsEmpty() || !current->IsObject()) throw RestoreError{"a built-in this runtime does not have: " + path};
    return current;
  }

  // ---- the generated script -------------------------------------------------------------

  // A generator for one exposed scope and one pattern of uninitialized variables.
  struct Variant {
    uint32_t scope_id;
    std::string holes;  // per slot: '1' uninitialized
    int32_t parent;     // parent variant, or -1 for the root
    uint32_t id;
  };

  std::string Generate(std::vector<instrument::FunctionSites::Copy>* copies) {
    // Which variants exist, and which instance runs which.
    std::map<std::tuple<int32_t, uint32_t, std::string>, uint32_t> variant_ids;
    instance_variant_.assign(static_cast<size_t>(snap_.scopes_size()) + 1, -1);
    children_.assign(static_cast<size_t>(snap_.scopes_size()) + 1, {});
    std::function<int32_t(uint32_t)> variant_of = [&](uint32_t instance) -> int32_t {
      if (instance == 0) return -1;
      if (instance_variant_[instance] >= 0) return instance_variant_[instance];
      const pb::ScopeInstance& s = snap_.scopes(static_cast<int>(instance - 1));
      int32_t parent = variant_of(s.parent());
      std::string holes;
      for (const pb::Value& v : s.slots()) holes += v.kind_case() == pb::Value::kHole ? '1' : '0';
      auto key = std::make_tuple(parent, s.scope_id(), holes);
      auto it = variant_ids.find(key);
      if (it == variant_ids.end()) {
        uint32_t id = static_cast<uint32_t>(variants_.size());
        variants_.push_back({s.scope_id(), holes, parent, id});
        it = variant_ids.emplace(key, id).first;
      }
      instance_variant_[instance] = static_cast<int32_t>(it->second);
      return static_cast<int32_t>(it->second);
    };
    for (uint32_t n = 1; n <= static_cast<uint32_t>(snap_.scopes_size()); ++n) {
      variant_of(n);
      children_[snap_.scopes(static_cast<int>(n - 1)).parent()].push_back(n);
    }
    std::string out = "(function* ($tjs$n) {";
    if (sites_.top_level_strict()) out += " 'use strict';";
    EmitBody(out, -1, copies);
    out += " for (const $tjs$i of $tjs$c) $tjs$i.next(); })";
    return out;
  }

  // The sites each scope makes things at, over all its instances.
  void EmitBody(std::string& out, int32_t variant, std::vector<instrument::FunctionSites::Copy>* copies) {
    std::set<uint32_t> sites;
    std::set<uint32_t> child_variants;
    for (uint32_t n = 0; n < site_lists_.size(); ++n) {
      if (instance_variant_[n] != variant) continue;
      for (const auto& [site, x] : site_lists_[n]) sites.insert(site);
      for (uint32_t c : children_[n]) child_variants.insert(static_cast<uint32_t>(instance_variant_[c]));
    }
    if (!sites.empty()) {
      out += " for (const [$tjs$s, $tjs$x] of $tjs$R.f($tjs$n)) switch ($tjs$s) {";
      for (uint32_t site : sites) {
        out += " case " + std::to_string(site) + ": $tjs$R.r($tjs$x, ";
        std::vector<instrument::FunctionSites::Copy> local;
        uint32_t base = static_cast<uint32_t>(out.size());
        out += sites_.Expression(site, &local);
        for (auto c : local) {
          c.out_offset += base;
          copies->push_back(c);
        }
        out += "); break;";
      }
      out += " }";
    }
    out += " const $tjs$c = [];";
    if (!child_variants.empty()) {
      out += " for (const [$tjs$m, $tjs$v] of $tjs$R.c($tjs$n)) { let $tjs$j; switch ($tjs$v) {";
      for (uint32_t v : child_variants) {
        out += " case " + std::to_string(v) + ": $tjs$j = $tjs$g" + std::to_string(v) + ".call($tjs$R.t($tjs$m), $tjs$m); break;";
      }
      out += " } $tjs$j.next(); $tjs$c.push($tjs$j); }";
      for (uint32_t v : child_variants) EmitGenerator(out, variants_[v], copies);
    }
    out += " yield;";
  }

  void EmitGenerator(std::string& out, const Variant& v, std::vector<instrument::FunctionSites::Copy>* copies) {
    const instrument::EnvScope& env = instrumented_.scopes[v.scope_id];
    out += " function* $tjs$g" + std::to_string(v.id) + "($tjs$n) {";
    if (env.strict) out += " 'use strict';";
    EmitBody(out, static_cast<int32_t>(v.id), copies);
    std::string holes;
    for (size_t i = 0; i < env.names.size(); ++i) {
      if (v.holes[i] == '1') {
        holes += " let " + env.names[i] + ";";
        continue;
      }
      out += std::string(" ") + DeclarationKeyword(env.kinds[i]) + " " + env.names[i] + " = $tjs$R.v($tjs$n, " + std::to_string(i) + ");";
    }
    std::string outer = env.parent >= 0 ? "$tjs$e" + std::to_string(env.parent) : std::string();
    std::string name = "$tjs$e" + std::to_string(env.id);
    out += " const " + name + " = " + instrument::AccessorText(env, outer) + ";";
    out += " $tjs$R.a($tjs$n, " + name + ");";
    out += " for (const $tjs$i of $tjs$c) $tjs$i.next();";
    if (!holes.empty()) out += " return;" + holes;
    out += " }";
  }

  Local<v8::Function> CompileRoot(const std::string& script) {
    v8::TryCatch try_catch(isolate_);
    v8::ScriptOrigin origin(isolate_, V8Str(isolate_, impl_.options().filename));
    v8::ScriptCompiler::Source src(V8Str(isolate_, script), origin);
    Local<v8::Script> compiled;
    Local<Value> root;
    if (!v8::ScriptCompiler::Compile(context_, &src).ToLocal(&compiled)) Rethrow("compiling the restore script", &try_catch);
    script_id_ = compiled->GetUnboundScript()->GetId();
    if (!compiled->Run(context_).ToLocal(&root) || !root->IsFunction()) Rethrow("running the restore script", &try_catch);
    return root.As<v8::Function>();
  }

 public:
  int script_id() const { return script_id_; }

 private:
  [[noreturn]] void Rethrow(const std::string& what, v8::TryCatch* try_catch = nullptr) {
    std::string detail;
    if (try_catch && try_catch->HasCaught()) detail = ": " + ToStdString(isolate_, try_catch->Exception());
    throw RestoreError{what + " failed" + detail};
  }

  void Next(Local<v8::Object> iterator, const char* what) {
    v8::TryCatch try_catch(isolate_);
    Local<Value> next, result;
    if (!iterator->Get(context_, V8Str(isolate_, "next")).ToLocal(&next) || !next->IsFunction() ||
        !next.As<v8::Function>()->Call(context_, iterator, 0, nullptr).ToLocal(&result)) {
      if (!pending_error_.empty()) throw RestoreError{pending_error_};
      Rethrow(what, &try_catch);
    }
    if (!pending_error_.empty()) throw RestoreError{pending_error_};
  }

  // ---- the helper the script calls ($tjs$R) ---------------------------------------------

  Local<v8::Object> MakeHelper() {
    Local<v8::Object> helper = v8::Object::New(isolate_);
    Local<v8::External> self = v8::External::New(isolate_, this);
    auto add = [&](const char* name, v8::FunctionCallback cb) {
      helper->Set(context_, V8Str(isolate_, name), v8::Function::New(context_, cb, self).ToLocalChecked()).Check();
    };
    add("f", &Restorer::HelperSites);
    add("c", &Restorer::HelperChildren);
    add("t", &Restorer::HelperThis);
    add("r", &Restorer::HelperRegister);
    add("v", &Restorer::HelperValue);
    add("a", &Restorer::HelperAccessor);
    return helper;
  }

  static Restorer* Self(const v8::FunctionCallbackInfo<Value>& info) {
    return static_cast<Restorer*>(info.Data().As<v8::External>()->Value());
  }
  static uint32_t Arg(const v8::FunctionCallbackInfo<Value>& info, int i) {
    return info[i]->IsNumber() ? static_cast<uint32_t>(info[i].As<v8::Number>()->Value()) : 0;
  }
  // Errors inside callbacks end the script with a message the host reports.
  template <typename F>
  static void Guard(const v8::FunctionCallbackInfo<Value>& info, F&& body) {
    Restorer* self = Self(info);
    try {
      body(self);
    } catch (const RestoreError& e) {
      if (self->pending_error_.empty()) self->pending_error_ = e.message;
      info.GetIsolate()->ThrowException(v8::Exception::Error(V8Str(info.GetIsolate(), e.message)));
    }
  }

  static void HelperSites(const v8::FunctionCallbackInfo<Value>& info) {
    Guard(info, [&](Restorer* self) {
      uint32_t n = Arg(info, 0);
      const auto& list = self->site_lists_.at(n);
      Local<v8::Array> out = v8::Array::New(self->isolate_, static_cast<int>(list.size()));
      for (size_t i = 0; i < list.size(); ++i) {
        Local<Value> pair[] = {v8::Number::New(self->isolate_, list[i].first),
                               v8::Number::New(self->isolate_, static_cast<double>(list[i].second))};
        out->Set(self->context_, static_cast<uint32_t>(i), v8::Array::New(self->isolate_, pair, 2)).Check();
      }
      info.GetReturnValue().Set(out);
    });
  }

  static void HelperChildren(const v8::FunctionCallbackInfo<Value>& info) {
    Guard(info, [&](Restorer* self) {
      uint32_t n = Arg(info, 0);
      const auto& list = self->children_.at(n);
      Local<v8::Array> out = v8::Array::New(self->isolate_, static_cast<int>(list.size()));
      for (size_t i = 0; i < list.size(); ++i) {
        Local<Value> pair[] = {v8::Number::New(self->isolate_, list[i]),
                               v8::Number::New(self->isolate_, self->instance_variant_[list[i]])};
        out->Set(self->context_, static_cast<uint32_t>(i), v8::Array::New(self->isolate_, pair, 2)).Check();
      }
      info.GetReturnValue().Set(out);
    });
  }

  static void HelperThis(const v8::FunctionCallbackInfo<Value>& info) {
    Guard(info, [&](Restorer* self) {
      uint32_t n = Arg(info, 0);
      if (n == 0 || n > static_cast<uint32_t>(self->snap_.scopes_size())) return;
      const pb::Value& v = self->snap_.scopes(static_cast<int>(n - 1)).this_value();
      if (v.kind_case() == pb::Value::kObject && v.object() < self->objects_.size() && !self->objects_.Has(v.object())) {
        // Made later by the script (an object literal with methods): make it now, as a plain
        // object; the literal then only supplies its methods.
        if (self->snap_.objects(static_cast<int>(v.object())).kind_case() != pb::HeapObject::kPlain) {
          throw RestoreError{"the `this` of a scope is a function made later; it cannot be restored yet"};
        }
        self->objects_.Put(v.object(), v8::Object::New(self->isolate_));
        self->adopted_.erase(v.object());
      }
      info.GetReturnValue().Set(self->Decode(v));
    });
  }

  static void HelperRegister(const v8::FunctionCallbackInfo<Value>& info) {
    Guard(info, [&](Restorer* self) {
      double x = info[0]->IsNumber() ? info[0].As<v8::Number>()->Value() : 0;
      Local<Value> value = info[1];
      if (x < 0) {
        // A literal made for one method that no object holds.
        uint32_t fn = static_cast<uint32_t>(-1 - x);
        self->lone_literals_[fn] = self->kept_.Push(value);
        return;
      }
      uint32_t index = static_cast<uint32_t>(x);
      if (index >= self->objects_.size()) throw RestoreError{"a registration for an object that does not exist"};
      const pb::HeapObject& o = self->snap_.objects(static_cast<int>(index));
      if (o.kind_case() == pb::HeapObject::kFunction) {
        self->objects_.Put(index, value);
        self->evaluated_.insert(index);
        return;
      }
      // An object literal's methods, for the object that holds them.
      self->literal_sources_[index].push_back(self->kept_.Push(value));
      if (!self->objects_.Has(index)) {
        self->objects_.Put(index, value);
        self->evaluated_.insert(index);
      }
    });
  }

  static void HelperValue(const v8::FunctionCallbackInfo<Value>& info) {
    Guard(info, [&](Restorer* self) {
      uint32_t n = Arg(info, 0), i = Arg(info, 1);
      if (n == 0 || n > static_cast<uint32_t>(self->snap_.scopes_size())) throw RestoreError{"a variable of no scope"};
      const pb::ScopeInstance& s = self->snap_.scopes(static_cast<int>(n - 1));
      if (i >= static_cast<uint32_t>(s.slots_size())) throw RestoreError{"a variable the scope does not have"};
      info.GetReturnValue().Set(self->Decode(s.slots(static_cast<int>(i))));
    });
  }

  static void HelperAccessor(const v8::FunctionCallbackInfo<Value>& info) {
    Guard(info, [&](Restorer* self) {
      uint32_t n = Arg(info, 0);
      if (n < self->accessors_.size() && info[1]->IsFunction()) self->accessors_.Put(n, info[1]);
    });
  }

  // ---- after the functions exist --------------------------------------------------------

  void AdoptClassParts() {
    for (const auto& [cls, proto] : class_prototype_) {
      Local<Value> c = objects_.Get(cls);
      Local<Value> p;
      if (c.IsEmpty() || !c->IsFunction() || !c.As<v8::Object>()->Get(context_, V8Str(isolate_, "prototype")).ToLocal(&p) ||
          !p->IsObject()) {
        throw RestoreError{"class #" + std::to_string(cls) + " has no prototype"};
      }
      if (objects_.Has(proto)) throw RestoreError{"the prototype of class #" + std::to_string(cls) + " was made twice"};
      objects_.Put(proto, p);
      evaluated_.insert(proto);
    }
  }

  // A member's function: the property its site's key names on the object made with it.
  Local<Value> MemberOf(Local<v8::Object> holder, uint32_t site) {
    const instrument::FunctionSite& s = sites_.sites()[site];
    Local<Value> desc;
    if (!holder->GetOwnPropertyDescriptor(context_, V8Str(isolate_, instrument::FunctionSites::MemberKey(site))).ToLocal(&desc) ||
        !desc->IsObject()) {
      return Local<Value>();
    }
    const char* field = s.member == instrument::MemberKind::kGet ? "get" : s.member == instrument::MemberKind::kSet ? "set" : "value";
    Local<Value> fn;
    if (!desc.As<v8::Object>()->Get(context_, V8Str(isolate_, field)).ToLocal(&fn) || !fn->IsFunction()) return Local<Value>();
    return fn;
  }

  void ResolveMembers() {
    for (const auto& [index, site] : site_of_) {
      const instrument::FunctionSite& s = sites_.sites()[site];
      if (s.kind != instrument::SiteKind::kObjectMember && s.kind != instrument::SiteKind::kClassMember) continue;
      const pb::FunctionObject& f = snap_.objects(static_cast<int>(index)).function();
      Local<Value> fn;
      if (s.kind == instrument::SiteKind::kObjectMember && f.home() == 0) {
        auto it = lone_literals_.find(index);
        if (it != lone_literals_.end()) fn = MemberOf(kept_.Get(it->second).As<v8::Object>(), site);
      } else if (s.kind == instrument::SiteKind::kObjectMember) {
        for (uint32_t source : literal_sources_[f.home() - 1]) {
          fn = MemberOf(kept_.Get(source).As<v8::Object>(), site);
          if (!fn.IsEmpty()) break;
        }
      } else {
        Local<Value> home = objects_.Get(f.home() - 1);
        if (!home.IsEmpty() && home->IsObject()) fn = MemberOf(home.As<v8::Object>(), site);
      }
      if (fn.IsEmpty()) throw RestoreError{"method #" + std::to_string(index) + " could not be found where it was made"};
      objects_.Put(index, fn);
      evaluated_.insert(index);
    }
  }

  void Bound(uint32_t index, int depth = 0) {
    if (objects_.Has(index)) return;
    if (binding_.count(index)) throw RestoreError{"bound functions bound to each other"};
    if (depth > 1000) throw RestoreError{"bound functions bound more than 1000 deep"};
    binding_.insert(index);
    const pb::BoundFunction& b = snap_.objects(static_cast<int>(index)).bound_function();
    if (b.target().kind_case() == pb::Value::kObject && b.target().object() < objects_.size() &&
        snap_.objects(static_cast<int>(b.target().object())).kind_case() == pb::HeapObject::kBoundFunction) {
      Bound(b.target().object(), depth + 1);
    }
    Local<Value> target = Decode(b.target());
    if (!target->IsFunction()) throw RestoreError{"a bound function whose target is not a function"};
    std::vector<Local<Value>> args{Decode(b.this_value())};
    for (const pb::Value& a : b.arguments()) args.push_back(Decode(a));
    // The host's bind records what it bound (bootstrap.js), for the next snapshot.
    Local<Value> bind, bound;
    if (!target.As<v8::Object>()->Get(context_, V8Str(isolate_, "bind")).ToLocal(&bind) || !bind->IsFunction() ||
        !bind.As<v8::Function>()->Call(context_, target, static_cast<int>(args.size()), args.data()).ToLocal(&bound)) {
      throw RestoreError{"a bound function could not be bound again"};
    }
    objects_.Put(index, bound);
    evaluated_.insert(index);
  }

  // ---- properties -----------------------------------------------------------------------

  // A property's name (from the snapshot's table, or inline), or null for a symbol key.
  const std::string* NameOf(const pb::Property& p) const {
    if (p.key_case() == pb::Property::KEY_NOT_SET) throw RestoreError{"a property without a key"};
    if (p.key_case() == pb::Property::kName) return &p.name();
    if (p.key_case() == pb::Property::kNameIndex) {
      if (p.name_index() >= static_cast<uint32_t>(snap_.names_size())) throw RestoreError{"a property name that is not in the table"};
      return &snap_.names(static_cast<int>(p.name_index()));
    }
    return nullptr;
  }

  // The key of a property; names from the table are made once.
  Local<v8::Name> Key(const pb::Property& p) {
    if (p.key_case() == pb::Property::KEY_NOT_SET) throw RestoreError{"a property without a key"};
    if (p.key_case() == pb::Property::kSymbol) {
      Local<Value> s = Decode(pb::Value(ObjectValue(p.symbol())));
      if (!s->IsSymbol()) throw RestoreError{"a property keyed by something that is not a symbol"};
      return s.As<v8::Name>();
    }
    auto make = [&](const std::string& name) {
      Local<v8::String> key;
      if (name.size() > static_cast<size_t>(v8::String::kMaxLength) ||
          !v8::String::NewFromUtf8(isolate_, name.data(), v8::NewStringType::kInternalized, static_cast<int>(name.size())).ToLocal(&key)) {
        throw RestoreError{"a property name too long for this engine"};
      }
      return key;
    };
    if (p.key_case() == pb::Property::kNameIndex) {
      if (name_keys_.empty()) name_keys_.resize(static_cast<size_t>(snap_.names_size()));
      const std::string& name = *NameOf(p);
      Local<v8::String>& key = name_keys_[p.name_index()];
      if (key.IsEmpty()) key = make(name);
      return key;
    }
    return make(p.name());
  }
  // Whether a property name is an array index (and which).
  bool IndexOf(const pb::Property& p, uint32_t* index) {
    if (p.key_case() == pb::Property::kSymbol) return false;
    const std::string* name = NameOf(p);  // checks the key
    if (p.key_case() == pb::Property::kName) return ToArrayIndex(*name, index);
    if (name_indices_.empty()) name_indices_.assign(static_cast<size_t>(snap_.names_size()), -2);
    int64_t& cached = name_indices_[p.name_index()];
    if (cached == -2) {
      uint32_t i;
      cached = ToArrayIndex(*name, &i) ? static_cast<int64_t>(i) : -1;
    }
    if (cached < 0) return false;
    *index = static_cast<uint32_t>(cached);
    return true;
  }
  static pb::Value ObjectValue(uint32_t index) {
    pb::Value v;
    v.set_object(index);
    return v;
  }

  void Fill() {
    for (size_t i = 0; i < objects_.size(); ++i) {
      const pb::HeapObject& o = snap_.objects(static_cast<int>(i));
      switch (o.kind_case()) {
        case pb::HeapObject::kBuiltin:
        case pb::HeapObject::kSymbol:
          continue;
        default:
          break;
      }
      Local<v8::Object> object = objects_.Get(i).As<v8::Object>();
      if (evaluated_.count(static_cast<uint32_t>(i)) || o.kind_case() == pb::HeapObject::kError) ClearExtras(object, o);
      Local<Value> proto = Decode(o.prototype());
      if (!proto->IsObject() && !proto->IsNull()) throw RestoreError{"object #" + std::to_string(i) + " has a prototype that is not an object"};
      if (!object->GetPrototype()->StrictEquals(proto) && !object->SetPrototype(context_, proto).FromMaybe(false)) {
        throw RestoreError{"object #" + std::to_string(i) + " cannot get its prototype"};
      }
      bool is_array = object->IsArray();
      for (const pb::Property& p : o.properties()) SetProperty(object, p, is_array);
      if (o.kind_case() == pb::HeapObject::kPromise) {
        Local<v8::Promise::Resolver> resolver = resolvers_.Get(i).As<v8::Promise::Resolver>();
        Local<Value> result = Decode(o.promise().result());
        // A rejection was reported (or handled) when it happened, before the capture.
        if (o.promise().rejected()) object.As<v8::Promise>()->MarkAsHandled();
        bool settled = o.promise().rejected() ? resolver->Reject(context_, result).FromMaybe(false)
                                              : resolver->Resolve(context_, result).FromMaybe(false);
        if (!settled) throw RestoreError{"a Promise that cannot be settled"};
      }
      if (o.kind_case() == pb::HeapObject::kMap) {
        const pb::MapObject& m = o.map();
        if (m.keys_size() != m.values_size()) throw RestoreError{"a Map with unpaired keys"};
        for (int k = 0; k < m.keys_size(); ++k) {
          if (object.As<v8::Map>()->Set(context_, Decode(m.keys(k)), Decode(m.values(k))).IsEmpty()) throw RestoreError{"a Map entry failed"};
        }
      } else if (o.kind_case() == pb::HeapObject::kSet) {
        for (const pb::Value& v : o.set().values()) {
          if (object.As<v8::Set>()->Add(context_, Decode(v)).IsEmpty()) throw RestoreError{"a Set entry failed"};
        }
      }
    }
  }

  // Objects the program's text made have properties the snapshot does not (generated method
  // keys, a function's fresh `prototype`): they go.
  void ClearExtras(Local<v8::Object> object, const pb::HeapObject& o) {
    std::set<std::string> keep;
    for (const pb::Property& p : o.properties()) {
      if (const std::string* name = NameOf(p)) keep.insert(*name);
    }
    Local<v8::Array> keys;
    if (!object->GetOwnPropertyNames(context_, v8::ALL_PROPERTIES, v8::KeyConversionMode::kConvertToString).ToLocal(&keys)) return;
    for (uint32_t k = 0; k < keys->Length(); ++k) {
      Local<Value> key;
      if (!keys->Get(context_, k).ToLocal(&key)) continue;
      if (keep.count(ToStdString(isolate_, key))) continue;
      object->Delete(context_, key).FromMaybe(false);  // non-configurable ones stay
    }
  }

  void SetProperty(Local<v8::Object> object, const pb::Property& p, bool is_array) {
    v8::TryCatch try_catch(isolate_);
    bool ok;
    if (p.accessor()) {
      Local<Value> get = Decode(p.getter()), set = Decode(p.setter());
      v8::PropertyDescriptor desc(get, set);
      desc.set_enumerable(p.enumerable());
      desc.set_configurable(p.configurable());
      ok = object->DefineProperty(context_, Key(p), desc).FromMaybe(false);
    } else {
      Local<Value> value = Decode(p.value());
      uint32_t index;
      if (p.writable() && p.enumerable() && p.configurable() && is_array && IndexOf(p, &index)) {
        ok = object->CreateDataProperty(context_, index, value).FromMaybe(false);
      } else if (p.writable() && p.enumerable() && p.configurable()) {
        ok = object->CreateDataProperty(context_, Key(p), value).FromMaybe(false);
      } else {
        v8::PropertyDescriptor desc(value, p.writable());
        desc.set_enumerable(p.enumerable());
        desc.set_configurable(p.configurable());
        ok = object->DefineProperty(context_, Key(p), desc).FromMaybe(false);
      }
    }
    if (!ok) {
      const std::string* key = NameOf(p);
      std::string name = key ? *key : std::string("[symbol]");
      throw RestoreError{"property '" + name + "' cannot be restored"};
    }
  }

  // Every function (and object literal) made in a scope instance is linked to its accessor,
  // as the instrumented program links what it makes.
  void Link() {
    for (const auto& [index, site] : site_of_) {
      const pb::FunctionObject& f = snap_.objects(static_cast<int>(index)).function();
      if (f.scope() == 0) continue;
      Local<v8::Function> accessor = Accessor(f.scope());
      if (accessor.IsEmpty()) throw RestoreError{"scope instance " + std::to_string(f.scope() - 1) + " was not declared"};
      const instrument::FunctionSite& s = sites_.sites()[site];
      if (s.kind == instrument::SiteKind::kClassMember) continue;
      auto link = [&](Local<v8::Object> target, bool enumerable) {
        v8::PropertyDescriptor desc(accessor, true);
        desc.set_enumerable(enumerable);
        desc.set_configurable(true);
        if (!target->DefineProperty(context_, env_symbol_, desc).FromMaybe(false)) {
          throw RestoreError{"function #" + std::to_string(index) + " cannot be linked to its scope"};
        }
      };
      link(objects_.Get(index).As<v8::Object>(), s.kind != instrument::SiteKind::kClass);
      // An object literal is linked with its methods.
      if (s.kind == instrument::SiteKind::kObjectMember && f.home() != 0) {
        Local<Value> home = objects_.Get(f.home() - 1);
        if (!home->IsObject()) throw RestoreError{"a method whose home is not an object"};
        link(home.As<v8::Object>(), false);
      }
    }
  }

  void SetIntegrity(uint32_t index) {
    const pb::HeapObject& o = snap_.objects(static_cast<int>(index));
    if (o.kind_case() == pb::HeapObject::kBuiltin || o.kind_case() == pb::HeapObject::kSymbol) return;
    Local<v8::Object> object = objects_.Get(index).As<v8::Object>();
    switch (o.integrity()) {
      case pb::FROZEN:
        object->SetIntegrityLevel(context_, v8::IntegrityLevel::kFrozen).FromMaybe(false);
        break;
      case pb::SEALED:
        object->SetIntegrityLevel(context_, v8::IntegrityLevel::kSealed).FromMaybe(false);
        break;
      case pb::NON_EXTENSIBLE: {
        Local<Value> object_ctor, prevent, result;
        Local<Value> arg = object;
        if (context_->Global()->Get(context_, V8Str(isolate_, "Object")).ToLocal(&object_ctor) && object_ctor->IsObject() &&
            object_ctor.As<v8::Object>()->Get(context_, V8Str(isolate_, "preventExtensions")).ToLocal(&prevent) &&
            prevent->IsFunction()) {
          if (prevent.As<v8::Function>()->Call(context_, object_ctor, 1, &arg).ToLocal(&result)) {
          }
        }
        break;
      }
      default:
        break;
    }
  }

  void RestoreGlobals() {
    Local<Value> globals = Decode(snap_.global_object());
    if (!globals->IsObject()) return;
    Local<v8::Object> global = context_->Global();
    const pb::HeapObject& o = snap_.objects(static_cast<int>(snap_.global_object().object()));
    for (const pb::Property& p : o.properties()) {
      if (p.accessor()) continue;
      if (!global->Set(context_, Key(p), Decode(p.value())).FromMaybe(false)) {
        throw RestoreError{"global '" + (NameOf(p) ? *NameOf(p) : std::string("[symbol]")) + "' cannot be restored"};
      }
    }
  }

  Program::Impl& impl_;
  const pb::Snapshot& snap_;
  const instrument::InstrumentResult& instrumented_;
  const instrument::FunctionSites& sites_;
  v8::Isolate* isolate_;
  Local<v8::Context> context_;
  Local<v8::Symbol> env_symbol_;
  Local<v8::Object> host_objects_;
  Local<v8::Object> host_symbols_;
  int script_id_ = -1;
  std::string pending_error_;

  Slots objects_;
  Slots accessors_;  // by instance (1-based; 0 unused)
  Slots kept_;       // object literals made for their methods
  Slots resolvers_;  // the resolvers of settled promises, by object
  std::vector<Local<v8::String>> name_keys_;  // Snapshot.names, made when first used
  std::vector<int64_t> name_indices_;         // Snapshot.names as array indices (-1: not one; -2: not known yet)
  std::unordered_map<uint32_t, uint32_t> site_of_;                  // function -> site
  std::vector<std::vector<std::pair<uint32_t, int64_t>>> site_lists_;  // by instance: (site, object or -1-function)
  std::unordered_map<uint32_t, uint32_t> class_prototype_;          // class -> its prototype object
  std::set<uint32_t> adopted_;                                      // made by the script, not as shells
  std::set<std::pair<uint32_t, uint32_t>> literal_homes_;           // (home, literal site) evaluated
  std::unordered_map<uint32_t, std::vector<uint32_t>> literal_sources_;  // home -> literals made for it (in kept_)
  std::unordered_map<uint32_t, uint32_t> lone_literals_;  // method -> the literal made for it alone (in kept_)
  std::set<uint32_t> evaluated_;                                    // made by the program's text
  std::set<uint32_t> binding_;                                      // bound functions being made
  size_t buffer_bytes_ = 0;                                         // ArrayBuffer contents made so far
  std::vector<Variant> variants_;
  std::vector<int32_t> instance_variant_;
  std::vector<std::vector<uint32_t>> children_;
};

}  // namespace

std::string Program::Impl::Restore(std::string_view bytes) {
  if (started_) return "the program has already started";
  started_ = true;
  auto fail = [&](const std::string& error) {
    Finish(1, "cannot restore: " + error, /*report=*/false);
    return error;
  };
  std::string body;
  std::string error = proto::DecodeEnvelope(bytes, &body);
  if (!error.empty()) return fail(error);
  google::protobuf::Arena arena;
  pb::Snapshot& snapshot = *google::protobuf::Arena::CreateMessage<pb::Snapshot>(&arena);
  if (!snapshot.ParseFromString(body)) return fail("the snapshot body does not decode");
  if (!snapshot.has_program() || snapshot.program().filename().empty()) return fail("the snapshot holds no program");
  const pb::ProgramInfo& info = snapshot.program();
  if (info.module()) return fail("modules cannot be restored yet");
  options_.filename = info.filename().empty() ? options_.filename : info.filename();
  options_.argv.assign(info.argv().begin(), info.argv().end());
  options_.env = std::map<std::string, std::string>(info.env().begin(), info.env().end());
  options_.id = info.id();
  options_.instrument = true;
  source_ = info.source();
  instrumented_ = std::make_unique<instrument::InstrumentResult>(instrument::Instrument(source_));
  if (instrumented_->error) return fail("its program does not parse: " + instrumented_->error->message);
  if (!instrumented_->not_migratable.empty()) return fail("its program cannot migrate: " + instrumented_->not_migratable);
  if (proto::Crc32(instrumented_->code) != info.instrumented_crc32()) {
    return fail("it was made by a different version of the instrumentation");
  }
  sites_ = std::make_unique<instrument::FunctionSites>(instrumented_->code, false);
  if (!sites_->error().empty()) return fail("internal error: the instrumented program does not parse: " + sites_->error());
  positions_ = std::make_unique<instrument::PositionMap>(source_, instrumented_->code, *instrumented_);
  migrations_ = info.migrations() + 1;
  history_.assign(info.history().begin(), info.history().end());

  EntryScope scope(*this);
  v8::Local<v8::Context> context = scope.context();
  if (!Bootstrap(context)) return exit_.error;
  isolate_->SetPrepareStackTraceCallback(&Impl::PrepareStackTrace);
  {
    v8::Local<v8::Array> names;
    if (context->Global()->GetOwnPropertyNames(context, v8::ALL_PROPERTIES, v8::KeyConversionMode::kConvertToString).ToLocal(&names)) {
      for (uint32_t i = 0; i < names->Length(); ++i) {
        v8::Local<v8::Value> name;
        if (names->Get(context, i).ToLocal(&name) && name->IsString()) pristine_globals_.insert(ToStdString(isolate_, name));
      }
    }
  }
  v8::TryCatch try_catch(isolate_);
  // Host objects that libraries add when loaded (events.once's wrapper) must exist to be named.
  for (const char* module : {"events", "things"}) {
    v8::Local<v8::Value> require, exports;
    v8::Local<v8::Value> arg = V8Str(isolate_, module);
    if (context->Global()->Get(context, V8Str(isolate_, "require")).ToLocal(&require) && require->IsFunction()) {
      if (require.As<v8::Function>()->Call(context, context->Global(), 1, &arg).ToLocal(&exports)) {
      }
    }
  }
  std::vector<instrument::FunctionSites::Copy> copies;
  Restorer restorer(*this, snapshot, *instrumented_, *sites_, context, env_symbol_.Get(isolate_), host_objects_.Get(isolate_),
                    host_symbols_.IsEmpty() ? v8::Local<v8::Object>() : host_symbols_.Get(isolate_));
  try {
    restorer.Run(&restore_script_, &copies);
    positions_->SetRunning(restore_script_, std::move(copies));
    user_script_id_ = restorer.script_id();
    if (snapshot.top_scope_index() > 0) top_accessor_.Reset(isolate_, restorer.Accessor(snapshot.top_scope_index()));

    // Time goes on from where it stood: timers keep their remaining time and order.
    loop_time_ms_ = host_.clock->NowMs();
    start_time_ms_ = loop_time_ms_ - snapshot.program_time_ms();
    exit_code_hint_ = snapshot.exit_code();
    uint64_t max_id = 0;
    for (const pb::Timer& t : snapshot.timers()) {
      v8::Local<v8::Value> callback = restorer.Decode(t.callback());
      if (!callback->IsFunction()) throw RestoreError{"a timer whose callback is not a function"};
      v8::Local<v8::Value> handle = restorer.Decode(t.handle());
      std::vector<v8::Local<v8::Value>> args;
      for (const pb::Value& a : t.arguments()) args.push_back(restorer.Decode(a));
      if (t.id() == 0 || timers_.count(t.id())) throw RestoreError{"a timer with a bad id"};
      Timer timer;
      timer.id = t.id();
      timer.immediate = t.immediate();
      timer.repeat = t.repeat();
      timer.ref = t.ref();
      timer.delay_ms = std::isfinite(t.interval_ms()) && t.interval_ms() >= 1 ? t.interval_ms() : 1;
      timer.due_ms = loop_time_ms_ + (std::isfinite(t.remaining_ms()) && t.remaining_ms() > 0 ? t.remaining_ms() : 0);
      timer.seq = next_seq_++;
      timer.callback.Reset(isolate_, callback.As<v8::Function>());
      if (handle->IsObject()) timer.handle.Reset(isolate_, handle.As<v8::Object>());
      for (auto& a : args) timer.args.emplace_back(isolate_, a);
      if (timer.immediate) {
        immediates_.push_back(timer.id);
        ++live_immediates_;
      } else {
        timer_queue_.emplace(timer.due_ms, timer.seq, timer.id);
        if (timer.ref) ++refed_timers_;
      }
      max_id = std::max(max_id, timer.id);
      timers_.emplace(timer.id, std::move(timer));
    }
    next_timer_id_ = max_id + 1;
    for (const pb::Subscription& s : snapshot.subscriptions()) {
      for (const pb::Value& h : s.handlers()) {
        v8::Local<v8::Value> handler = restorer.Decode(h);
        if (!handler->IsFunction()) throw RestoreError{"a subscription handler that is not a function"};
        std::string problem = Subscribe(s.topic(), handler.As<v8::Function>());
        if (!problem.empty()) throw RestoreError{"cannot subscribe to '" + s.topic() + "': " + problem};
      }
    }
    {
      std::lock_guard<std::mutex> lock(inbox_mutex_);
      for (const pb::InboxMessage& m : snapshot.inbox()) inbox_.push_back({m.filter(), m.topic(), m.payload()});
    }
  } catch (const RestoreError& e) {
    return fail(e.message);
  }
  if (try_catch.HasCaught()) return fail(ToStdString(isolate_, try_catch.Exception()));
  isolate_->PerformMicrotaskCheckpoint();
  return "";
}

}  // namespace thingsjs::runtime
