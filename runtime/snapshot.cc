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

class Capturer {
 public:
  // `env_symbol` and `bound_symbol` are the host's hidden keys (bootstrap.js); `object_ctor`
  // answers isFrozen/isSealed/isExtensible.
  Capturer(v8::Isolate* isolate, Local<v8::Context> context, const instrument::InstrumentResult& instrumented,
           const instrument::FunctionSites& sites, const instrument::PositionMap& positions, int user_script_id,
           Local<v8::Symbol> env_symbol, Local<v8::Symbol> bound_symbol, Local<v8::Object> host_symbols,
           Local<v8::Object> object_ctor, pb::Snapshot& out)
      : env_symbol_(env_symbol),
        bound_symbol_(bound_symbol),
        object_ctor_(object_ctor),
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
  }

  // Objects reachable from the built-ins a program starts with, by path; they are referred to,
  // not copied.
  // Paths through properties are preferred; a second pass names what only a prototype link
  // reaches (%TypedArray%, iterator prototypes).
  void AddBuiltins(Local<v8::Object> root, const std::set<std::string>& names) {
    for (bool through_prototypes : {false, true}) AddBuiltinsPass(root, names, through_prototypes);
  }
  void AddBuiltinsPass(Local<v8::Object> root, const std::set<std::string>& names, bool through_prototypes) {
    std::vector<std::pair<Local<v8::Object>, std::string>> queue;
    for (const std::string& name : names) {
      Local<Value> v;
      if (!root->Get(context_, V8Str(isolate_, name)).ToLocal(&v) || !v->IsObject()) continue;
      queue.emplace_back(v.As<v8::Object>(), name);
    }
    std::unordered_multimap<int, Local<v8::Object>> seen;  // expanded in this pass
    for (size_t i = 0; i < queue.size(); ++i) {
      auto [object, path] = queue[i];
      if (IsUserFunction(object)) continue;
      int hash = object->GetIdentityHash();
      auto range = seen.equal_range(hash);
      bool already = false;
      for (auto it = range.first; it != range.second && !already; ++it) already = it->second->StrictEquals(object);
      if (already) continue;
      seen.emplace(hash, object);
      if (!FindBuiltin(object)) builtins_.emplace(object->GetIdentityHash(), std::make_pair(object, path));
      if (std::count(path.begin(), path.end(), '.') >= 3) continue;
      Local<Value> proto = object->GetPrototype();
      if (through_prototypes && proto->IsObject()) queue.emplace_back(proto.As<v8::Object>(), path + ".__proto__");
      Local<v8::Array> keys;
      if (!object->GetOwnPropertyNames(context_, v8::ALL_PROPERTIES, v8::KeyConversionMode::kConvertToString).ToLocal(&keys)) continue;
      for (uint32_t k = 0; k < keys->Length(); ++k) {
        Local<Value> key;
        if (!keys->Get(context_, k).ToLocal(&key) || !key->IsString()) continue;
        // Only data properties: reading an accessor could run code.
        Local<Value> desc;
        if (!object->GetOwnPropertyDescriptor(context_, key.As<v8::Name>()).ToLocal(&desc) || !desc->IsObject()) continue;
        Local<Value> value;
        if (!desc.As<v8::Object>()->Get(context_, V8Str(isolate_, "value")).ToLocal(&value) || !value->IsObject()) continue;
        queue.emplace_back(value.As<v8::Object>(), path + "." + ToStdString(isolate_, key));
      }
    }
  }
  void AddBuiltin(Local<v8::Object> object, const std::string& path) {
    if (!FindBuiltin(object)) builtins_.emplace(object->GetIdentityHash(), std::make_pair(object, path));
  }

  pb::Value Encode(Local<Value> v, const std::string& path) {
    pb::Value out;
    if (v.IsEmpty() || v->IsUndefined()) {
      out.set_undefined(true);
    } else if (v->IsNull()) {
      out.set_null(true);
    } else if (v->IsBoolean()) {
      out.set_boolean(v->IsTrue());
    } else if (v->IsNumber()) {
      out.set_number(v.As<v8::Number>()->Value());
    } else if (v->IsString()) {
      std::string text = ToStdString(isolate_, v);
      // Lone surrogates make WTF-8, which a protobuf string may not hold.
      if (IsUtf8(text)) {
        out.set_string(std::move(text));
      } else {
        out.set_wtf8(std::move(text));
      }
    } else if (v->IsBigInt()) {
      Local<v8::String> text;
      if (!v->ToString(context_).ToLocal(&text)) throw NotCapturable{path + ": a BigInt that cannot be read"};
      out.set_bigint(ToStdString(isolate_, text));
    } else if (v->IsSymbol()) {
      out.set_object(SymbolIndex(v.As<v8::Symbol>()));
    } else if (v->IsObject()) {
      out.set_object(ObjectIndex(v.As<v8::Object>(), path));
    } else {
      throw NotCapturable{path + ": a value of an unknown kind"};
    }
    return out;
  }

  // Encodes queued objects until none is left, then finds the home of every method.
  void Drain() {
    while (next_ < pending_.size()) {
      auto [object, path] = pending_[next_];
      uint32_t index = indices_[next_];
      ++next_;
      current_ = index;
      EncodeObject(object, path, out_.mutable_objects(static_cast<int>(index)));
    }
    for (const auto& [index, path] : members_) FindHome(index, path);
  }

  // The scope instance an accessor reads, captured once.
  uint32_t ScopeIndex(Local<v8::Function> accessor, const std::string& path) {
    int hash = accessor->GetIdentityHash();
    auto range = scope_ids_.equal_range(hash);
    for (auto it = range.first; it != range.second; ++it) {
      if (it->second.first->StrictEquals(accessor)) return it->second.second;
    }
    uint32_t index = static_cast<uint32_t>(out_.scopes_size());
    scope_ids_.emplace(hash, std::make_pair(accessor, index + 1));
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

  bool IsUserFunction(Local<v8::Object> object) const {
    return object->IsFunction() && object.As<v8::Function>()->ScriptId() == user_script_id_;
  }

  const std::string* FindBuiltin(Local<v8::Object> object) const {
    auto range = builtins_.equal_range(object->GetIdentityHash());
    for (auto it = range.first; it != range.second; ++it) {
      if (it->second.first->StrictEquals(object)) return &it->second.second;
    }
    return nullptr;
  }

  uint32_t SymbolIndex(Local<v8::Symbol> symbol) {
    for (const auto& [known, index] : symbols_) {
      if (known->StrictEquals(symbol)) return index;
    }
    uint32_t index = static_cast<uint32_t>(out_.objects_size());
    symbols_.emplace_back(symbol, index);
    pb::SymbolObject* s = out_.add_objects()->mutable_symbol();
    for (const auto& [known, name] : host_symbols_) {
      if (known->StrictEquals(symbol)) {
        s->set_host(name);
        return index;
      }
    }
    static const std::pair<const char*, Local<v8::Symbol> (*)(v8::Isolate*)> kWellKnown[] = {
        {"asyncIterator", v8::Symbol::GetAsyncIterator}, {"hasInstance", v8::Symbol::GetHasInstance},
        {"isConcatSpreadable", v8::Symbol::GetIsConcatSpreadable}, {"iterator", v8::Symbol::GetIterator},
        {"match", v8::Symbol::GetMatch}, {"replace", v8::Symbol::GetReplace}, {"search", v8::Symbol::GetSearch},
        {"split", v8::Symbol::GetSplit}, {"toPrimitive", v8::Symbol::GetToPrimitive},
        {"toStringTag", v8::Symbol::GetToStringTag}, {"unscopables", v8::Symbol::GetUnscopables}};
    for (const auto& [name, get] : kWellKnown) {
      if (get(isolate_)->StrictEquals(symbol)) {
        s->set_well_known(name);
        return index;
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
    return index;
  }

  uint32_t ObjectIndex(Local<v8::Object> object, const std::string& path) {
    int hash = object->GetIdentityHash();
    auto range = objects_.equal_range(hash);
    for (auto it = range.first; it != range.second; ++it) {
      if (it->second.first->StrictEquals(object)) return it->second.second;
    }
    uint32_t index = static_cast<uint32_t>(out_.objects_size());
    out_.add_objects();
    objects_.emplace(hash, std::make_pair(object, index));
    if (const std::string* builtin = FindBuiltin(object)) {
      out_.mutable_objects(static_cast<int>(index))->set_builtin(*builtin);
      return index;
    }
    pending_.emplace_back(object, path);
    indices_.push_back(index);
    return index;
  }

  void EncodeObject(Local<v8::Object> object, const std::string& path, pb::HeapObject* out) {
    if (object->IsProxy()) throw NotCapturable{path + ": a Proxy"};
    if (object->IsPromise() && object.As<v8::Promise>()->State() == v8::Promise::kPending) {
      throw NotCapturable{path + ": a pending Promise (pending promises and the async functions awaiting them do not migrate yet)"};
    }
    if (object->IsGeneratorObject()) throw NotCapturable{path + ": a suspended generator"};
    if (object->IsWeakMap() || object->IsWeakSet()) throw NotCapturable{path + ": a WeakMap or WeakSet"};
    std::string constructor = ToStdString(isolate_, object->GetConstructorName());
    if (constructor == "WeakRef" || constructor == "FinalizationRegistry") throw NotCapturable{path + ": a " + constructor};
    if (object->IsSharedArrayBuffer() || object->IsWasmModuleObject()) throw NotCapturable{path + ": a shared or WebAssembly object"};
    // Buffers and their views carry embedder fields too; anything else that does is the host's.
    if (object->InternalFieldCount() > 0 && !object->IsArrayBuffer() && !object->IsArrayBufferView() && !object->IsPromise()) {
      throw NotCapturable{path + ": a host object"};
    }
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
          throw NotCapturable{path + ": a function bound by the host"};
        }
        pb::BoundFunction* b = out->mutable_bound_function();
        *b->mutable_target() = Encode(bound_target, path + ".<target>");
        *b->mutable_this_value() = Encode(this_value, path + ".<this>");
        Local<v8::Array> list = args.As<v8::Array>();
        for (uint32_t i = 0; i < list->Length(); ++i) {
          Local<Value> a;
          if (list->Get(context_, i).ToLocal(&a)) *b->add_arguments() = Encode(a, path + ".<argument>");
        }
        *out->mutable_prototype() = Encode(object->GetPrototype(), path + ".__proto__");
        EncodeProperties(object, path, out);
        out->set_integrity(IntegrityOf(object));
        return;
      }
      if (fn->ScriptId() == v8::UnboundScript::kNoScriptId) {
        throw NotCapturable{path + ": an engine-internal function, such as the resolve function of a pending promise "
                                   "that an async function awaits (pending promises do not migrate yet)"};
      }
      if (fn->ScriptId() != user_script_id_) {
        Local<Value> name = fn->GetDebugName();
        throw NotCapturable{path + ": a host function (" + ToStdString(isolate_, name) + ") that is not a built-in"};
      }
      pb::FunctionObject* f = out->mutable_function();
      // Which site of the program made it: V8's position of the function, in the script it runs.
      int line = fn->GetScriptLineNumber(), column = fn->GetScriptColumnNumber();
      uint32_t position = line < 0 || column < 0 ? UINT32_MAX
                                                 : positions_.CodeOffset(static_cast<uint32_t>(line) + 1, static_cast<uint32_t>(column));
      int32_t site = position == UINT32_MAX ? -1 : sites_.Find(position);
      if (site < 0) throw NotCapturable{path + ": a function the program's text does not show (made by new Function?)"};
      const instrument::FunctionSite& s = sites_.sites()[static_cast<size_t>(site)];
      f->set_position(position);
      function_sites_[current_] = static_cast<uint32_t>(site);
      if (s.kind == instrument::SiteKind::kObjectMember || s.kind == instrument::SiteKind::kClassMember) {
        if (s.key.end == s.key.start) throw NotCapturable{path + ": a private method"};
        members_.emplace_back(current_, path);  // its home is found at the end
      }
      if (s.kind != instrument::SiteKind::kClassMember) {
        // Class methods are made with their class; everything else says what it closes over.
        Local<Value> link;
        if (object->HasOwnProperty(context_, env_symbol_).FromMaybe(false) && object->Get(context_, env_symbol_).ToLocal(&link) &&
            link->IsFunction()) {
          f->set_scope(ScopeIndex(link.As<v8::Function>(), path));
        } else if (s.kind == instrument::SiteKind::kObjectMember && sites_.sites()[static_cast<size_t>(s.container)].linked) {
          throw NotCapturable{path + ": a method whose scope link is gone (the variables it closes over cannot be found)"};
        }
      }
    } else if (object->IsPromise()) {
      Local<v8::Promise> promise = object.As<v8::Promise>();
      pb::PromiseObject* p = out->mutable_promise();
      p->set_rejected(promise->State() == v8::Promise::kRejected);
      *p->mutable_result() = Encode(promise->Result(), path + ".<result>");
    } else if (object->IsArray()) {
      out->mutable_array()->set_length(object.As<v8::Array>()->Length());
    } else if (object->IsMap()) {
      Local<v8::Array> entries = object.As<v8::Map>()->AsArray();
      pb::MapObject* m = out->mutable_map();
      for (uint32_t i = 0; i + 1 < entries->Length(); i += 2) {
        Local<Value> k, v;
        if (!entries->Get(context_, i).ToLocal(&k) || !entries->Get(context_, i + 1).ToLocal(&v)) continue;
        *m->add_keys() = Encode(k, path + ".<key>");
        *m->add_values() = Encode(v, path + ".<value>");
      }
    } else if (object->IsSet()) {
      Local<v8::Array> values = object.As<v8::Set>()->AsArray();
      pb::SetObject* s = out->mutable_set();
      for (uint32_t i = 0; i < values->Length(); ++i) {
        Local<Value> v;
        if (values->Get(context_, i).ToLocal(&v)) *s->add_values() = Encode(v, path + ".<entry>");
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
      *out->mutable_boxed() = Encode(v8::Number::New(isolate_, object.As<v8::NumberObject>()->ValueOf()), path);
    } else if (object->IsStringObject()) {
      *out->mutable_boxed() = Encode(object.As<v8::StringObject>()->ValueOf(), path);
    } else if (object->IsBooleanObject()) {
      *out->mutable_boxed() = Encode(v8::Boolean::New(isolate_, object.As<v8::BooleanObject>()->ValueOf()), path);
    } else if (object->IsSymbolObject()) {
      *out->mutable_boxed() = Encode(object.As<v8::SymbolObject>()->ValueOf(), path);
    } else if (object->IsBigIntObject()) {
      *out->mutable_boxed() = Encode(object.As<v8::BigIntObject>()->ValueOf(), path);
    } else if (object->IsArrayBuffer()) {
      auto store = object.As<v8::ArrayBuffer>()->GetBackingStore();
      out->set_array_buffer(std::string(static_cast<const char*>(store->Data()), store->ByteLength()));
    } else if (object->IsArrayBufferView()) {
      Local<v8::ArrayBufferView> view = object.As<v8::ArrayBufferView>();
      pb::TypedArrayObject* t = out->mutable_typed_array();
      t->set_type(ToStdString(isolate_, object->GetConstructorName()));
      *t->mutable_buffer() = Encode(view->Buffer(), path + ".buffer");
      t->set_byte_offset(view->ByteOffset());
      t->set_length(object->IsTypedArray() ? object.As<v8::TypedArray>()->Length() : view->ByteLength());
    } else {
      out->mutable_plain();
      // An object literal with methods is linked to the scope its methods close over.
      Local<Value> link;
      if (object->HasOwnProperty(context_, env_symbol_).FromMaybe(false) && object->Get(context_, env_symbol_).ToLocal(&link) &&
          link->IsFunction()) {
        object_scopes_[current_] = ScopeIndex(link.As<v8::Function>(), path);
      }
    }
    *out->mutable_prototype() = Encode(object->GetPrototype(), path + ".__proto__");
    EncodeProperties(object, path, out);
    out->set_integrity(IntegrityOf(object));
  }

  void EncodeProperties(Local<v8::Object> object, const std::string& path, pb::HeapObject* out) {
    Local<v8::Array> keys;
    if (!object->GetPropertyNames(context_, v8::KeyCollectionMode::kOwnOnly, v8::ALL_PROPERTIES,
                                  v8::IndexFilter::kIncludeIndices, v8::KeyConversionMode::kConvertToString)
             .ToLocal(&keys)) {
      throw NotCapturable{path + ": its properties cannot be listed"};
    }
    bool typed = object->IsTypedArray();
    for (uint32_t i = 0; i < keys->Length(); ++i) {
      Local<Value> key;
      if (!keys->Get(context_, i).ToLocal(&key)) continue;
      // The migration link and the bind record are the host's, not the program's.
      if (key->IsSymbol() && (key->StrictEquals(env_symbol_) || key->StrictEquals(bound_symbol_))) continue;
      // Typed array elements are the buffer's bytes, captured with it.
      if (typed && key->IsString()) {
        uint32_t index;
        if (ToIndex(ToStdString(isolate_, key), &index)) continue;
      }
      Local<Value> desc_value;
      if (!object->GetOwnPropertyDescriptor(context_, key.As<v8::Name>()).ToLocal(&desc_value) || !desc_value->IsObject()) continue;
      Local<v8::Object> desc = desc_value.As<v8::Object>();
      pb::Property* p = out->add_properties();
      std::string name = key->IsSymbol() ? "[symbol]" : ToStdString(isolate_, key);
      if (key->IsSymbol()) {
        p->set_symbol(SymbolIndex(key.As<v8::Symbol>()));
      } else {
        p->set_name(name);
      }
      std::string child = path + "." + name;
      auto field = [&](const char* f) {
        Local<Value> v;
        return desc->Get(context_, V8Str(isolate_, f)).ToLocal(&v) ? v : Local<Value>(v8::Undefined(isolate_));
      };
      auto flag = [&](const char* f) { return field(f)->IsTrue(); };
      Local<Value> getter = field("get"), setter = field("set");
      bool has_get = false;
      has_get = desc->HasOwnProperty(context_, V8Str(isolate_, "get")).FromMaybe(false);
      uint32_t holder = current_;
      // Functions held as properties: the candidates for a method's home.
      auto held = [&](Local<Value> v, const pb::Value& encoded) {
        if (v->IsFunction() && encoded.kind_case() == pb::Value::kObject) holders_[encoded.object()].push_back(holder);
      };
      if (has_get) {
        p->set_accessor(true);
        *p->mutable_getter() = Encode(getter, child + ".get");
        *p->mutable_setter() = Encode(setter, child + ".set");
        held(getter, p->getter());
        held(setter, p->setter());
      } else {
        Local<Value> value = field("value");
        *p->mutable_value() = Encode(value, child);
        p->set_writable(flag("writable"));
        held(value, p->value());
        if (object->IsFunction() && value->IsObject() && name == "prototype" && p->value().kind_case() == pb::Value::kObject) {
          prototype_of_[p->value().object()] = holder;
        }
      }
      p->set_enumerable(flag("enumerable"));
      p->set_configurable(flag("configurable"));
    }
  }

  // A method's home: the object that holds it and that restore re-creates with it (the object
  // literal, the class, or the class's prototype); an object literal's methods close over its
  // scope.
  void FindHome(uint32_t index, const std::string& path) {
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

  static bool ToIndex(const std::string& s, uint32_t* index) {
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

  pb::Integrity IntegrityOf(Local<v8::Object> object) {
    auto test = [&](const char* name) {
      Local<Value> fn, result;
      Local<Value> arg = object;
      return object_ctor_->Get(context_, V8Str(isolate_, name)).ToLocal(&fn) && fn->IsFunction() &&
             fn.As<v8::Function>()->Call(context_, object_ctor_, 1, &arg).ToLocal(&result) && result->IsTrue();
    };
    if (test("isExtensible")) return pb::EXTENSIBLE;
    if (test("isFrozen")) return pb::FROZEN;
    if (test("isSealed")) return pb::SEALED;
    return pb::NON_EXTENSIBLE;
  }

 private:
  Local<v8::Symbol> env_symbol_;
  Local<v8::Symbol> bound_symbol_;
  Local<v8::Object> object_ctor_;
  v8::Isolate* isolate_;
  Local<v8::Context> context_;
  const instrument::InstrumentResult& instrumented_;
  const instrument::FunctionSites& sites_;
  const instrument::PositionMap& positions_;
  int user_script_id_;
  pb::Snapshot& out_;
  std::unordered_multimap<int, std::pair<Local<v8::Object>, std::string>> builtins_;
  std::unordered_multimap<int, std::pair<Local<v8::Object>, uint32_t>> objects_;
  std::unordered_multimap<int, std::pair<Local<v8::Function>, uint32_t>> scope_ids_;
  std::vector<std::pair<Local<v8::Symbol>, uint32_t>> symbols_;
  std::vector<std::pair<Local<v8::Object>, std::string>> pending_;
  std::vector<uint32_t> indices_;
  size_t next_ = 0;
  uint32_t current_ = 0;  // the object being encoded
  std::vector<std::pair<Local<v8::Symbol>, std::string>> host_symbols_;
  std::unordered_map<uint32_t, uint32_t> function_sites_;        // function -> its site
  std::unordered_map<uint32_t, std::vector<uint32_t>> holders_;  // function -> objects holding it
  std::unordered_map<uint32_t, uint32_t> object_scopes_;         // linked object literal -> scope
  std::unordered_map<uint32_t, uint32_t> prototype_of_;          // F.prototype -> F
  std::vector<std::pair<uint32_t, std::string>> members_;         // methods: their homes are found last
};

}  // namespace

std::string Program::Impl::Capture(std::string* bytes) {
  if (exited_) return "the program has ended";
  if (!instrumented_) return "the program runs uninstrumented (--raw): it cannot migrate";
  if (!not_migratable_.empty()) return "not migratable: " + not_migratable_;
  v8::Locker locker(isolate_);
  v8::Isolate::Scope isolate_scope(isolate_);
  v8::HandleScope handles(isolate_);
  Local<v8::Context> context = this->context();
  v8::Context::Scope context_scope(context);
  v8::TryCatch try_catch(isolate_);

  pb::Snapshot snapshot;
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
  Local<Value> object_ctor;
  if (!global->Get(context, V8Str(isolate_, "Object")).ToLocal(&object_ctor) || !object_ctor->IsObject()) {
    return "the global Object is gone";
  }
  if (!sites_) sites_ = std::make_unique<instrument::FunctionSites>(instrumented_->code, false);
  if (!sites_->error().empty()) return "internal error: the instrumented program does not parse: " + sites_->error();
  info->set_instrumented_crc32(proto::Crc32(instrumented_->code));
  Capturer capturer(isolate_, context, *instrumented_, *sites_, *positions_, user_script_id_, env_symbol_.Get(isolate_),
                    bound_symbol_.Get(isolate_), host_symbols_.IsEmpty() ? Local<v8::Object>() : host_symbols_.Get(isolate_),
                    object_ctor.As<v8::Object>(), snapshot);
  try {
    capturer.AddBuiltins(global, pristine_globals_);
    capturer.AddBuiltin(global, "globalThis");
    for (const char* module : {"things", "events"}) {
      Local<Value> require, exports;
      Local<Value> arg = V8Str(isolate_, module);
      if (global->Get(context, V8Str(isolate_, "require")).ToLocal(&require) && require->IsFunction() &&
          require.As<v8::Function>()->Call(context, global, 1, &arg).ToLocal(&exports) && exports->IsObject()) {
        Local<v8::Object> holder = v8::Object::New(isolate_);
        holder->Set(context, V8Str(isolate_, std::string("require('") + module + "')"), exports).Check();
        capturer.AddBuiltins(holder, {std::string("require('") + module + "')"});
      }
    }
    if (!host_objects_.IsEmpty()) {
      std::set<std::string> host_names;
      Local<v8::Array> keys;
      if (host_objects_.Get(isolate_)->GetOwnPropertyNames(context).ToLocal(&keys)) {
        for (uint32_t i = 0; i < keys->Length(); ++i) {
          Local<Value> key;
          if (keys->Get(context, i).ToLocal(&key)) host_names.insert(ToStdString(isolate_, key));
        }
      }
      capturer.AddBuiltins(host_objects_.Get(isolate_), host_names);
    }

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
  return "";
}

}  // namespace thingsjs::runtime
