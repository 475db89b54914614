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
  };
})
