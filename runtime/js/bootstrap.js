// Builds the host API a program sees (console, timers, queueMicrotask, process, require)
// from the natives the C++ host hands in. Runs once per program, before its code.
// Completion value: a function (natives, global, config) -> hooks for the host.
(function bootstrap(natives, global, config) {
  'use strict';

  const ObjectDefineProperty = Object.defineProperty;
  const ObjectFreeze = Object.freeze;
  const JSONStringify = JSON.stringify;
  const ArrayPrototypeSlice = Function.prototype.call.bind(Array.prototype.slice);
  const SymbolToPrimitive = Symbol.toPrimitive;

  // ---- migration links ----------------------------------------------------------------
  // Instrumented programs (instrument/transform.h) link every function created in a scope
  // whose variables closures capture to that scope instance's accessor, under this symbol.
  // The link is the host's: reflection does not list it, so programs cannot see it.
  const kEnv = Symbol('thingsjs.env');
  const ObjectGetOwnPropertySymbols = Object.getOwnPropertySymbols;
  const ObjectGetOwnPropertyDescriptors = Object.getOwnPropertyDescriptors;
  const ReflectOwnKeys = Reflect.ownKeys;
  const ReflectApply = Reflect.apply;
  const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const ObjectHasOwn = Object.hasOwn;
  const ArrayPrototypeIndexOf = Array.prototype.indexOf;
  const ArrayPrototypeSplice = Array.prototype.splice;
  // What a bound function was bound to (V8 does not tell the embedder): recorded by `bind`.
  const kBound = Symbol('thingsjs.bound');
  function withoutLink(keys) {
    for (const hidden of [kEnv, kBound]) {
      const i = ReflectApply(ArrayPrototypeIndexOf, keys, [hidden]);
      if (i >= 0) ReflectApply(ArrayPrototypeSplice, keys, [i, 1]);
    }
    return keys;
  }
  const hiding = {
    getOwnPropertySymbols(o) { return withoutLink(ObjectGetOwnPropertySymbols(o)); },
    ownKeys(target) { return withoutLink(ReflectOwnKeys(target)); },
    getOwnPropertyDescriptors(o) {
      const descriptors = ObjectGetOwnPropertyDescriptors(o);
      delete descriptors[kEnv];
      delete descriptors[kBound];
      return descriptors;
    },
    bind(thisArg, ...args) {
      const bound = ReflectApply(FunctionPrototypeBind, this, [thisArg, ...args]);
      ObjectDefineProperty(bound, kBound, { value: { target: this, thisArg, args } });
      return bound;
    },
  };
  const FunctionPrototypeBind = Function.prototype.bind;
  ObjectDefineProperty(Function.prototype, 'bind', { value: hiding.bind });
  ObjectDefineProperty(Object, 'getOwnPropertySymbols', { value: hiding.getOwnPropertySymbols });
  ObjectDefineProperty(Object, 'getOwnPropertyDescriptors', { value: hiding.getOwnPropertyDescriptors });
  ObjectDefineProperty(Reflect, 'ownKeys', { value: hiding.ownKeys });
  const links = {
    // A function (or class) made where captured variables live: link it to their accessor;
    // `name` is what the function would have been named had it not been wrapped.
    $tjs$L(fn, env, name) {
      fn[kEnv] = env;
      // Only where the function would have been named: a class may name itself (static name).
      if (name !== undefined && fn.name === '') ObjectDefineProperty(fn, 'name', { value: name });
      return fn;
    },
    // A class: like $tjs$L, but a class may extend a frozen (linked) class, whose read-only
    // link a plain assignment would hit.
    $tjs$C(cls, env, name) {
      ObjectDefineProperty(cls, kEnv, { value: env, writable: true, configurable: true });
      if (name !== undefined && cls.name === '') ObjectDefineProperty(cls, 'name', { value: name });
      return cls;
    },
    // An object literal with methods: its methods close over `env`. Each method is linked
    // too, since it may leave its object (a property descriptor's getter does).
    $tjs$O(object, env) {
      ObjectDefineProperty(object, kEnv, { value: env });
      const keys = ReflectOwnKeys(object);
      for (let i = 0; i < keys.length; i++) {
        const d = ObjectGetOwnPropertyDescriptor(object, keys[i]);
        if (d === undefined) continue;
        if (typeof d.value === 'function' && !ObjectHasOwn(d.value, kEnv)) d.value[kEnv] = env;
        if (typeof d.get === 'function' && !ObjectHasOwn(d.get, kEnv)) d.get[kEnv] = env;
        if (typeof d.set === 'function' && !ObjectHasOwn(d.set, kEnv)) d.set[kEnv] = env;
      }
      return object;
    },
  };
  ObjectDefineProperty(global, '$tjs$L', { value: links.$tjs$L });
  ObjectDefineProperty(global, '$tjs$O', { value: links.$tjs$O });
  ObjectDefineProperty(global, '$tjs$C', { value: links.$tjs$C });

  // ---- snapshot capture -------------------------------------------------------------
  // The heap walk of a capture (runtime/snapshot.cc) asks this tracer for each object's own
  // properties, flattened, and for a number per object and per property name: identity and
  // the walk's queue live here, where they are fast. Built from the built-ins as they were at
  // start (no iteration protocol, no method looked up at capture time), so programs that patch
  // built-ins cannot disturb it.
  const MapCtor = Map;
  const MapProto = Map.prototype;
  const MapGet = MapProto.get;
  const MapSet = MapProto.set;
  const Float64ArrayCtor = Float64Array;
  const TypedArraySet = Object.getPrototypeOf(Float64Array.prototype).set;
  const ArrayPrototypeJoin = Array.prototype.join;
  const ObjectIsExtensible = Object.isExtensible;
  const ObjectIsFrozen = Object.isFrozen;
  const ObjectIsSealed = Object.isSealed;
  const ObjectGetPrototypeOf = Object.getPrototypeOf;
  function newMap() {
    const m = new MapCtor();
    m.get = MapGet;
    m.set = MapSet;
    return m;
  }
  function isIndexKey(k) {
    const n = +k;
    return n >>> 0 === n && n !== 4294967295 && '' + n === k;
  }
  // `known`: the built-ins (object -> path) a previous tracer listed, if any.
  function makeTracer(known) {
    const ids = newMap();       // object or symbol -> its number
    const builtins = known || newMap();  // built-in object -> its path
    const keyIds = newMap();    // property name -> its number
    const queue = [];           // objects and symbols, by number
    const names = [];           // property names, by number
    function ref(v) {
      let id = ids.get(v);
      if (id === undefined) {
        id = queue.length;
        queue[id] = v;
        ids.set(v, id);
      }
      return id;
    }
    function isRef(v) {
      const t = typeof v;
      return (t === 'object' && v !== null) || t === 'function' || t === 'symbol';
    }
    let nums = new Float64ArrayCtor(1 << 14);
    const strs = [];
    const links = [];
    function grow(size) {
      let n = nums.length;
      while (n < size) n *= 2;
      const bigger = new Float64ArrayCtor(n);
      ReflectApply(TypedArraySet, bigger, [nums]);
      nums = bigger;
    }
    // Writes a property value at nums[at]; returns its type (see describe).
    function value(at, v) {
      switch (typeof v) {
        case 'undefined': nums[at] = 0; return 0;
        case 'boolean': nums[at] = v ? 1 : 0; return 2;
        case 'number': nums[at] = v; return 3;
        case 'string': nums[at] = v.length; strs[strs.length] = v; return 4;
        case 'bigint': { const t = '' + v; nums[at] = t.length; strs[strs.length] = t; return 5; }
        case 'function': nums[at] = ref(v); return 7;
        case 'object': if (v === null) { nums[at] = 0; return 1; } // fall through
        default: nums[at] = ref(v); return 6;
      }
    }
    const tracer = {
      builtins,
      queue,
      links,
      nums,
      text: '',
      names,
      ref,
      builtinPath(o) { return builtins.get(o); },
      addBuiltin(o, path) { if (builtins.get(o) === undefined) builtins.set(o, path); },
      // Names the objects reachable from `roots` (name -> object) by path; `deep` also
      // follows prototypes. Functions the program made are not built-ins.
      addBuiltins(roots, isUser, deep) {
        const seen = newMap();
        const work = [];
        const rootNames = ReflectOwnKeys(roots);
        for (let i = 0; i < rootNames.length; i++) {
          const v = roots[rootNames[i]];
          if (isRef(v) && typeof v !== 'symbol') work[work.length] = [v, rootNames[i], 0];
        }
        for (let w = 0; w < work.length; w++) {
          const item = work[w];
          const o = item[0], path = item[1], depth = item[2];
          if (isUser(o) || seen.get(o)) continue;
          seen.set(o, true);
          if (builtins.get(o) === undefined) builtins.set(o, path);
          if (depth >= 3) continue;
          const proto = ObjectGetPrototypeOf(o);
          if (deep && proto !== null) work[work.length] = [proto, path + '.__proto__', depth + 1];
          const keys = ReflectOwnKeys(o);
          for (let i = 0; i < keys.length; i++) {
            if (typeof keys[i] !== 'string') continue;
            const d = ObjectGetOwnPropertyDescriptor(o, keys[i]);
            if (d === undefined || !ObjectHasOwn(d, 'value') || !isRef(d.value) || typeof d.value === 'symbol') continue;
            work[work.length] = [d.value, path + '.' + keys[i], depth + 1];
          }
        }
      },
      // Describes queue[from, to) into `nums` (doubles) and `text` (the strings, joined), for
      // the host to read without a call per value. Per entry: kind (0 object, 1 built-in,
      // 2 symbol); a built-in adds its path; an object adds integrity (0 extensible,
      // 1 non-extensible, 2 sealed, 3 frozen), its prototype's number (-1: null), its scope
      // link's index in `links` (-1: none), its property count, and per property: key (a
      // name's number, or -1 - a symbol's number), flags, a, b. Flags: 1 accessor,
      // 2 writable, 4 enumerable, 8 configurable; bits 4-6 the type of `a`, 7-9 of `b`:
      // 0 undefined, 1 null, 2 boolean, 3 number, 4 string, 5 BigInt (as text), 6 an object's
      // or symbol's number, 7 a function's number. Strings are their UTF-16 length; their text follows in `text`, in
      // the order they appear. Data: `a` the value; accessors: `a` getter, `b` setter.
      // `typed[q - from]`: a typed array, whose index keys are its buffer's bytes (skipped).
      describe(from, to, typed) {
        let at = 0;
        strs.length = 0;
        links.length = 0;
        for (let q = from; q < to; q++) {
          const o = queue[q];
          if (at + 8 > nums.length) grow(at + 8);
          if (typeof o === 'symbol') { nums[at++] = 2; continue; }
          const path = builtins.get(o);
          if (path !== undefined) {
            nums[at++] = 1;
            nums[at++] = path.length;
            strs[strs.length] = path;
            continue;
          }
          nums[at++] = 0;
          nums[at++] = ObjectIsExtensible(o) ? 0 : ObjectIsFrozen(o) ? 3 : ObjectIsSealed(o) ? 2 : 1;
          const proto = ObjectGetPrototypeOf(o);
          nums[at++] = proto === null ? -1 : ref(proto);
          if (ObjectHasOwn(o, kEnv)) {
            nums[at++] = links.length;
            links[links.length] = o[kEnv];
          } else {
            nums[at++] = -1;
          }
          const countAt = at++;
          let count = 0;
          const keys = ReflectOwnKeys(o);
          if (at + 4 * keys.length > nums.length) grow(at + 4 * keys.length);
          const skipIndices = typed[q - from];
          for (let i = 0; i < keys.length; i++) {
            const k = keys[i];
            if (k === kEnv || k === kBound) continue;
            let key;
            if (typeof k === 'symbol') {
              key = -1 - ref(k);
            } else {
              if (skipIndices && isIndexKey(k)) continue;
              key = keyIds.get(k);
              if (key === undefined) {
                key = names.length;
                names[key] = k;
                keyIds.set(k, key);
              }
            }
            const d = ObjectGetOwnPropertyDescriptor(o, k);
            if (d === undefined) continue;
            let flags = (d.enumerable ? 4 : 0) | (d.configurable ? 8 : 0);
            nums[at] = key;
            if (ObjectHasOwn(d, 'get')) {
              flags |= 1 | (value(at + 2, d.get) << 4) | (value(at + 3, d.set) << 7);
            } else {
              if (d.writable) flags |= 2;
              flags |= value(at + 2, d.value) << 4;
              nums[at + 3] = 0;
            }
            nums[at + 1] = flags;
            at += 4;
            count++;
          }
          nums[countAt] = count;
        }
        tracer.text = ReflectApply(ArrayPrototypeJoin, strs, ['']);
        tracer.nums = nums;
        return at;
      },
    };
    return tracer;
  }

  const consoleLib = natives.internal('console')(natives);

  // Installs a global the way Node does: writable, configurable, not enumerable.
  function defineGlobal(name, value) {
    ObjectDefineProperty(global, name, {
      value, writable: true, configurable: true, enumerable: false,
    });
  }

  function checkCallback(callback) {
    if (typeof callback !== 'function') {
      const err = new TypeError(
        'The "callback" argument must be of type function. Received ' +
        consoleLib.inspect(callback));
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
  }

  // ---- timers ------------------------------------------------------------------------
  // The host owns the timer queue; these objects are handles to it, as in Node.
  const kId = Symbol('timerId');

  class Timeout {
    constructor(id) { this[kId] = id; }
    ref() { natives.timerRef(this[kId], true); this._ref = true; return this; }
    unref() { natives.timerRef(this[kId], false); this._ref = false; return this; }
    hasRef() { return this._ref !== false; }
    refresh() { natives.timerRefresh(this[kId]); return this; }
    close() { natives.timerClear(this[kId]); return this; }
    [SymbolToPrimitive]() { return this[kId]; }
  }

  class Immediate {
    constructor(id) { this[kId] = id; }
    ref() { return this; }
    unref() { return this; }
    hasRef() { return true; }
  }

  // Host objects a program can reach that no global names (filled as libraries load): a
  // snapshot refers to them by these names.
  const hostObjects = {
    __proto__: null,
    'host:Timeout': Timeout,
    'host:Immediate': Immediate,
    // Intrinsics that no global names (the prototypes of async and generator functions).
    'intrinsic:AsyncFunction': Object.getPrototypeOf(async function () {}).constructor,
    'intrinsic:GeneratorFunction': Object.getPrototypeOf(function* () {}).constructor,
    'intrinsic:AsyncGeneratorFunction': Object.getPrototypeOf(async function* () {}).constructor,
  };

  function timerIdOf(handle) {
    if (handle == null) return 0;
    if (typeof handle === 'object' && kId in handle) return handle[kId];
    if (typeof handle === 'number' || typeof handle === 'string') return +handle;
    return 0;
  }

  function setTimeout(callback, delay, ...args) {
    checkCallback(callback);
    const t = new Timeout(0);
    t[kId] = natives.timerStart(callback, delay, args, false, t);
    return t;
  }
  function setInterval(callback, delay, ...args) {
    checkCallback(callback);
    const t = new Timeout(0);
    t[kId] = natives.timerStart(callback, delay, args, true, t);
    return t;
  }
  function setImmediate(callback, ...args) {
    checkCallback(callback);
    const im = new Immediate(0);
    im[kId] = natives.immediateStart(callback, args, im);
    return im;
  }
  function clearTimer(handle) { natives.timerClear(timerIdOf(handle)); }

  defineGlobal('setTimeout', setTimeout);
  defineGlobal('setInterval', setInterval);
  defineGlobal('setImmediate', setImmediate);
  defineGlobal('clearTimeout', clearTimer);
  defineGlobal('clearInterval', clearTimer);
  defineGlobal('clearImmediate', clearTimer);

  defineGlobal('queueMicrotask', function queueMicrotask(callback) {
    checkCallback(callback);
    // An error thrown by a microtask callback is uncaught, as in Node: it ends the program.
    natives.enqueueMicrotask(() => {
      try {
        callback();
      } catch (err) {
        natives.uncaught(err);
      }
    });
  });

  // ---- console -----------------------------------------------------------------------
  defineGlobal('console', consoleLib.createConsole(natives.write));

  // ---- process -----------------------------------------------------------------------
  let exitCode;
  const process = {
    argv: ObjectFreeze(ArrayPrototypeSlice(config.argv)),
    env: config.env,
    exit(code) {
      if (code === undefined) code = exitCode === undefined ? 0 : exitCode;
      natives.exit(code | 0);
    },
    get exitCode() { return exitCode; },
    set exitCode(code) { exitCode = code; natives.setExitCode(code | 0); },
  };
  defineGlobal('process', process);

  // ---- require -----------------------------------------------------------------------
  let events;
  function loadEvents() {
    if (events === undefined) events = natives.internal('events')(hostObjects);
    return events;
  }

  let things;
  function loadThings() {
    if (things !== undefined) return things;
    function checkTopic(topic, what) {
      if (typeof topic !== 'string' || topic === '') {
        throw new TypeError('things.' + what + ': the topic must be a non-empty string');
      }
    }
    things = ObjectFreeze({
      id: config.id,
      worker: config.worker,
      publish(topic, value) {
        checkTopic(topic, 'publish');
        const json = JSONStringify(value);
        if (json === undefined) {
          throw new TypeError('things.publish: the value cannot be represented as JSON');
        }
        natives.publish(topic, json);
      },
      subscribe(topic, handler) {
        checkTopic(topic, 'subscribe');
        natives.subscribe(topic, handler);
      },
      unsubscribe(topic, handler) {
        checkTopic(topic, 'unsubscribe');
        natives.unsubscribe(topic, handler);
      },
    });
    return things;
  }

  const builtinModules = { things: loadThings, events: loadEvents };
  defineGlobal('require', function require(name) {
    const load = typeof name === 'string' && Object.prototype.hasOwnProperty.call(builtinModules, name)
      ? builtinModules[name] : undefined;
    if (load === undefined) {
      const err = new Error("Cannot find module '" + String(name) +
        "' (available: " + Object.keys(builtinModules).join(', ') + ')');
      err.code = 'MODULE_NOT_FOUND';
      throw err;
    }
    return load();
  });

  return {
    inspect: consoleLib.inspect,
    envSymbol: kEnv,
    boundSymbol: kBound,
    hostObjects,
    // The host's own symbols a program's objects can carry (timer handles' ids).
    hostSymbols: { __proto__: null, 'host:timerId': kId },
    makeTracer,
  };
})
