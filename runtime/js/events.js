// ThingsJS runtime: the 'events' module (EventEmitter).
//
// This file is a classic script whose completion value is a factory function.
// The host evaluates it once and calls the factory to obtain the
// EventEmitter constructor, which it then hands out from require('events').
//
// Only standard ECMAScript is used here (no require, no host globals other
// than the optional `console` / `process` used for the max-listeners
// warning).
//
// Migration note: ThingsJS live-migrates programs by snapshotting the JS heap.
// Therefore every piece of per-emitter state lives in ordinary own properties
// of the emitter object:
//   this._events        null-prototype object; each value is either a single
//                       listener function or an array of listener functions
//   this._eventsCount   number of keys in this._events
//   this._maxListeners  number or undefined (=> use defaultMaxListeners)
// "once" listeners are wrapper functions carrying the original function in
// their `listener` property. The only module-level mutable value is
// defaultMaxListeners.
(function (hostObjects) {
  'use strict';

  // ---------------------------------------------------------------------
  // Small helpers
  // ---------------------------------------------------------------------

  var kShapeMode = Symbol('shapeMode');
  var kCapture = Symbol('kCapture');
  // Registered symbol so its identity is stable even if this factory were
  // evaluated again in the same isolate.
  var errorMonitor = Symbol.for('events.errorMonitor');

  var defaultMaxListeners = 10;

  var codedProtos = [];

  // Creates an instance of `Base` (Error, TypeError, RangeError) with an
  // enumerable `code` property and a toString() that mentions the code,
  // similar to the errors produced by Node's core modules.
  function codedError(Base, code, message) {
    var err = new Base(message);
    var proto = null;
    for (var i = 0; i < codedProtos.length; i++) {
      if (codedProtos[i].base === Base) {
        proto = codedProtos[i].proto;
        break;
      }
    }
    if (proto === null) {
      proto = Object.create(Base.prototype, {
        constructor: { value: Base, writable: true, configurable: true },
        toString: {
          value: function toString() {
            return this.name + ' [' + this.code + ']: ' + this.message;
          },
          writable: true,
          configurable: true,
        },
      });
      codedProtos.push({ base: Base, proto: proto });
    }
    Object.setPrototypeOf(err, proto);
    err.code = code;
    return err;
  }

  function quoteString(str) {
    var quote = "'";
    if (str.indexOf("'") !== -1) {
      if (str.indexOf('"') === -1) quote = '"';
      else if (str.indexOf('`') === -1 && str.indexOf('${') === -1) quote = '`';
    }
    var out = '';
    for (var i = 0; i < str.length; i++) {
      var ch = str[i];
      var c = str.charCodeAt(i);
      if (ch === quote || ch === '\\') out += '\\' + ch;
      else if (ch === '\n') out += '\\n';
      else if (ch === '\t') out += '\\t';
      else if (ch === '\r') out += '\\r';
      else if (ch === '\b') out += '\\b';
      else if (ch === '\f') out += '\\f';
      else if (ch === '\v') out += '\\v';
      else if (c < 0x20 || c === 0x7f) {
        out += '\\x' + (c < 16 ? '0' : '') + c.toString(16).toUpperCase();
      } else out += ch;
    }
    return quote + out + quote;
  }

  function formatKey(key) {
    if (typeof key === 'symbol') return '[' + key.toString() + ']';
    if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return key;
    return quoteString(key);
  }

  // A compact, approximate version of util.inspect() used for error
  // messages only.
  function inspect(value, depth, seen) {
    if (depth === undefined) depth = 0;
    if (seen === undefined) seen = [];
    switch (typeof value) {
      case 'string':
        return quoteString(value);
      case 'number':
        return Object.is(value, -0) ? '-0' : String(value);
      case 'bigint':
        return String(value) + 'n';
      case 'boolean':
      case 'undefined':
        return String(value);
      case 'symbol':
        return value.toString();
      case 'function': {
        var src = '';
        try {
          src = Function.prototype.toString.call(value);
        } catch (e) {
          src = '';
        }
        if (/^class\b/.test(src)) {
          return value.name ? '[class ' + value.name + ']' : '[class (anonymous)]';
        }
        return value.name ? '[Function: ' + value.name + ']' : '[Function (anonymous)]';
      }
      default:
        break;
    }
    if (value === null) return 'null';
    if (seen.indexOf(value) !== -1) return '[Circular *1]';
    if (value instanceof Error) {
      return value.stack ? String(value.stack) : '[' + Error.prototype.toString.call(value) + ']';
    }
    if (value instanceof Date) {
      return isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    }
    if (value instanceof RegExp) return RegExp.prototype.toString.call(value);
    var isArray = Array.isArray(value);
    if (depth > 2) return isArray ? '[Array]' : '[Object]';
    seen.push(value);
    var parts = [];
    var i;
    if (isArray) {
      for (i = 0; i < value.length; i++) {
        parts.push(i in value ? inspect(value[i], depth + 1, seen) : '<1 empty item>');
      }
    }
    var keys = Reflect.ownKeys(value);
    for (i = 0; i < keys.length; i++) {
      var key = keys[i];
      if (isArray && (key === 'length' || (typeof key === 'string' && String(key >>> 0) === key))) {
        continue;
      }
      var desc = Object.getOwnPropertyDescriptor(value, key);
      if (!desc || !desc.enumerable) continue;
      var shown;
      if (desc.get || desc.set) {
        shown = desc.get && desc.set ? '[Getter/Setter]' : desc.get ? '[Getter]' : '[Setter]';
      } else {
        shown = inspect(desc.value, depth + 1, seen);
      }
      parts.push(formatKey(key) + ': ' + shown);
    }
    seen.pop();
    var proto = Object.getPrototypeOf(value);
    var prefix = '';
    if (proto === null) {
      prefix = '[Object: null prototype] ';
    } else if (!isArray && proto !== Object.prototype) {
      var ctor = proto.constructor;
      if (typeof ctor === 'function' && ctor.name) prefix = ctor.name + ' ';
    }
    if (isArray) return parts.length ? '[ ' + parts.join(', ') + ' ]' : '[]';
    return prefix + (parts.length ? '{ ' + parts.join(', ') + ' }' : '{}');
  }

  // Mimics the "Received ..." suffix of ERR_INVALID_ARG_TYPE messages.
  function describeReceived(value) {
    if (value === null || value === undefined) return ' Received ' + value;
    if (typeof value === 'function') {
      return ' Received function ' + (value.name || '(anonymous)');
    }
    if (typeof value === 'object') {
      var proto = Object.getPrototypeOf(value);
      if (proto && typeof proto.constructor === 'function') {
        return ' Received an instance of ' + proto.constructor.name;
      }
      return ' Received ' + inspect(value);
    }
    var shown = inspect(value);
    if (shown.length > 28) shown = shown.slice(0, 25) + '...';
    return ' Received type ' + typeof value + ' (' + shown + ')';
  }

  function invalidArgType(name, expected, actual) {
    return codedError(
      TypeError,
      'ERR_INVALID_ARG_TYPE',
      'The "' + name + '" ' + (name.indexOf('.') === -1 ? 'argument' : 'property') +
        ' must be of type ' + expected + '.' + describeReceived(actual)
    );
  }

  function invalidInstance(name, actual) {
    return codedError(
      TypeError,
      'ERR_INVALID_ARG_TYPE',
      'The "' + name + '" argument must be an instance of EventEmitter or EventTarget.' +
        describeReceived(actual)
    );
  }

  function checkListener(listener) {
    if (typeof listener !== 'function') {
      throw invalidArgType('listener', 'function', listener);
    }
  }

  function checkMaxListeners(n, name) {
    if (typeof n !== 'number') throw invalidArgType(name, 'number', n);
    if (n < 0 || n !== n) {
      throw codedError(
        RangeError,
        'ERR_OUT_OF_RANGE',
        'The value of "' + name + '" is out of range. It must be >= 0. Received ' + inspect(n)
      );
    }
  }

  function copyArray(arr) {
    var out = new Array(arr.length);
    for (var i = 0; i < arr.length; i++) out[i] = arr[i];
    return out;
  }

  function unwrapListeners(arr) {
    var out = new Array(arr.length);
    for (var i = 0; i < arr.length; i++) {
      var fn = arr[i];
      out[i] = typeof fn.listener === 'function' ? fn.listener : fn;
    }
    return out;
  }

  function emitterName(target) {
    var ctor = target && target.constructor;
    return typeof ctor === 'function' && ctor.name ? ctor.name : 'EventEmitter';
  }

  function warnMaxListeners(target, type, count, max) {
    var message =
      'Possible EventEmitter memory leak detected. ' + count + ' ' +
      (typeof type === 'symbol' ? type.toString() : String(type)) +
      ' listeners added to [' + emitterName(target) + ']. MaxListeners is ' + max +
      '. Use emitter.setMaxListeners() to increase limit';
    var warning = new Error(message);
    warning.name = 'MaxListenersExceededWarning';
    warning.emitter = target;
    warning.type = type;
    warning.count = count;
    var proc = typeof process !== 'undefined' ? process : undefined;
    if (proc && typeof proc.emitWarning === 'function') {
      proc.emitWarning(warning);
    } else if (typeof console !== 'undefined' && typeof console.error === 'function') {
      console.error('(thingsjs) MaxListenersExceededWarning: ' + message);
    }
  }

  // ---------------------------------------------------------------------
  // EventEmitter
  // ---------------------------------------------------------------------

  function EventEmitter(opts) {
    EventEmitter.init.call(this, opts);
  }

  EventEmitter.init = function init(opts) {
    if (this._events === undefined ||
        this._events === Object.getPrototypeOf(this)._events) {
      this._events = Object.create(null);
      this._eventsCount = 0;
    }
    this._maxListeners = this._maxListeners || undefined;
    if (opts !== undefined && opts !== null && opts.captureRejections !== undefined &&
        typeof opts.captureRejections !== 'boolean') {
      throw invalidArgType('options.captureRejections', 'boolean', opts.captureRejections);
    }
    // Present only so that console.log(emitter) prints like Node does; the
    // runtime never reads these.
    this[kShapeMode] = false;
    this[kCapture] = false;
  };

  EventEmitter.prototype._events = undefined;
  EventEmitter.prototype._eventsCount = 0;
  EventEmitter.prototype._maxListeners = undefined;

  EventEmitter.prototype.setMaxListeners = function setMaxListeners(n) {
    checkMaxListeners(n, 'setMaxListeners');
    this._maxListeners = n;
    return this;
  };

  EventEmitter.prototype.getMaxListeners = function getMaxListeners() {
    return this._maxListeners === undefined ? defaultMaxListeners : this._maxListeners;
  };

  EventEmitter.prototype.emit = function emit(type) {
    var args = [];
    for (var a = 1; a < arguments.length; a++) args.push(arguments[a]);

    var events = this._events;
    var isError = type === 'error';

    if (events !== undefined) {
      if (isError && events[errorMonitor] !== undefined) {
        this.emit.apply(this, [errorMonitor].concat(args));
      }
      if (isError && events.error !== undefined) isError = false;
    } else if (!isError) {
      return false;
    }

    if (isError) {
      var er = args.length > 0 ? args[0] : undefined;
      if (er instanceof Error) throw er;
      var err = codedError(Error, 'ERR_UNHANDLED_ERROR', 'Unhandled error. (' + inspect(er) + ')');
      err.context = er;
      throw err;
    }

    var handler = events[type];
    if (handler === undefined) return false;

    if (typeof handler === 'function') {
      Reflect.apply(handler, this, args);
    } else {
      var listeners = copyArray(handler);
      for (var i = 0; i < listeners.length; i++) {
        Reflect.apply(listeners[i], this, args);
      }
    }
    return true;
  };

  function addListenerImpl(target, type, listener, prepend) {
    checkListener(listener);

    var events = target._events;
    if (events === undefined) {
      events = target._events = Object.create(null);
      target._eventsCount = 0;
    } else {
      if (events.newListener !== undefined) {
        target.emit('newListener', type,
          typeof listener.listener === 'function' ? listener.listener : listener);
        // A 'newListener' handler may have changed the events object.
        events = target._events;
      }
    }

    var existing = events[type];
    if (existing === undefined) {
      events[type] = listener;
      target._eventsCount = (target._eventsCount || 0) + 1;
      return target;
    }

    if (typeof existing === 'function') {
      existing = events[type] = prepend ? [listener, existing] : [existing, listener];
    } else if (prepend) {
      existing.unshift(listener);
    } else {
      existing.push(listener);
    }

    var max = target.getMaxListeners();
    if (max > 0 && existing.length > max && !existing.warned) {
      existing.warned = true;
      warnMaxListeners(target, type, existing.length, max);
    }
    return target;
  }

  EventEmitter.prototype.addListener = function addListener(type, listener) {
    return addListenerImpl(this, type, listener, false);
  };

  EventEmitter.prototype.on = EventEmitter.prototype.addListener;

  EventEmitter.prototype.prependListener = function prependListener(type, listener) {
    return addListenerImpl(this, type, listener, true);
  };

  // Builds the wrapper registered by once(): it removes itself before
  // invoking the original listener, and exposes the original as `.listener`
  // so removeListener(type, original) and listeners() work. As in Node, it is
  // onceWrapper bound to a plain state object, which keeps it plain data for a
  // snapshot (the runtime knows onceWrapper by name through `hostObjects`).
  function onceWrapper() {
    if (this.fired) return undefined;
    this.fired = true;
    this.target.removeListener(this.type, this.wrapFn);
    return Reflect.apply(this.listener, this.target, arguments);
  }
  if (hostObjects) hostObjects['host:eventsOnceWrapper'] = onceWrapper;

  function makeOnceWrapper(target, type, listener) {
    var state = { fired: false, wrapFn: undefined, target: target, type: type, listener: listener };
    var wrapper = Function.prototype.bind.call(onceWrapper, state);
    wrapper.listener = listener;
    state.wrapFn = wrapper;
    return wrapper;
  }

  EventEmitter.prototype.once = function once(type, listener) {
    checkListener(listener);
    this.on(type, makeOnceWrapper(this, type, listener));
    return this;
  };

  EventEmitter.prototype.prependOnceListener = function prependOnceListener(type, listener) {
    checkListener(listener);
    this.prependListener(type, makeOnceWrapper(this, type, listener));
    return this;
  };

  EventEmitter.prototype.removeListener = function removeListener(type, listener) {
    checkListener(listener);

    var events = this._events;
    if (events === undefined) return this;

    var list = events[type];
    if (list === undefined) return this;

    if (list === listener || list.listener === listener) {
      this._eventsCount -= 1;
      if (this._eventsCount === 0) {
        this._events = Object.create(null);
      } else {
        delete events[type];
      }
      if (events.removeListener !== undefined) {
        this.emit('removeListener', type, list.listener || listener);
      }
      return this;
    }

    if (typeof list === 'function') return this;

    var position = -1;
    for (var i = list.length - 1; i >= 0; i--) {
      if (list[i] === listener || list[i].listener === listener) {
        position = i;
        break;
      }
    }
    if (position < 0) return this;

    var removed = list[position];
    list.splice(position, 1);
    if (list.length === 1) events[type] = list[0];

    if (events.removeListener !== undefined) {
      this.emit('removeListener', type, removed.listener || listener);
    }
    return this;
  };

  EventEmitter.prototype.off = EventEmitter.prototype.removeListener;

  EventEmitter.prototype.removeAllListeners = function removeAllListeners(type) {
    var events = this._events;
    if (events === undefined) return this;

    // Fast path: nobody listens for 'removeListener'.
    if (events.removeListener === undefined) {
      if (arguments.length === 0) {
        this._events = Object.create(null);
        this._eventsCount = 0;
      } else if (events[type] !== undefined) {
        this._eventsCount -= 1;
        if (this._eventsCount === 0) this._events = Object.create(null);
        else delete events[type];
      }
      return this;
    }

    if (arguments.length === 0) {
      var keys = Reflect.ownKeys(events);
      for (var k = 0; k < keys.length; k++) {
        if (keys[k] === 'removeListener') continue;
        this.removeAllListeners(keys[k]);
      }
      this.removeAllListeners('removeListener');
      this._events = Object.create(null);
      this._eventsCount = 0;
      return this;
    }

    var listeners = events[type];
    if (typeof listeners === 'function') {
      this.removeListener(type, listeners);
    } else if (listeners !== undefined) {
      // Remove in LIFO order so 'removeListener' events fire newest first.
      for (var i = listeners.length - 1; i >= 0; i--) {
        this.removeListener(type, listeners[i]);
      }
    }
    return this;
  };

  EventEmitter.prototype.listeners = function listeners(type) {
    var events = this._events;
    if (events === undefined) return [];
    var list = events[type];
    if (list === undefined) return [];
    if (typeof list === 'function') {
      return [typeof list.listener === 'function' ? list.listener : list];
    }
    return unwrapListeners(list);
  };

  EventEmitter.prototype.rawListeners = function rawListeners(type) {
    var events = this._events;
    if (events === undefined) return [];
    var list = events[type];
    if (list === undefined) return [];
    if (typeof list === 'function') return [list];
    return copyArray(list);
  };

  function listenerCountImpl(type, listener) {
    var events = this._events;
    if (events === undefined) return 0;
    var list = events[type];
    if (list === undefined) return 0;
    if (typeof list === 'function') {
      if (listener === undefined || listener === null) return 1;
      return list === listener || list.listener === listener ? 1 : 0;
    }
    if (listener === undefined || listener === null) return list.length;
    var count = 0;
    for (var i = 0; i < list.length; i++) {
      if (list[i] === listener || list[i].listener === listener) count++;
    }
    return count;
  }

  EventEmitter.prototype.listenerCount = function listenerCount(type, listener) {
    return listenerCountImpl.call(this, type, listener);
  };

  EventEmitter.prototype.eventNames = function eventNames() {
    if (this._eventsCount > 0 && this._events !== undefined) {
      return Reflect.ownKeys(this._events);
    }
    return [];
  };

  // ---------------------------------------------------------------------
  // Static members
  // ---------------------------------------------------------------------

  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.usingDomains = false;
  EventEmitter.captureRejections = false;
  EventEmitter.errorMonitor = errorMonitor;

  Object.defineProperty(EventEmitter, 'defaultMaxListeners', {
    enumerable: true,
    get: function () {
      return defaultMaxListeners;
    },
    set: function (n) {
      checkMaxListeners(n, 'defaultMaxListeners');
      defaultMaxListeners = n;
    },
  });

  // Deprecated in Node, still supported there.
  EventEmitter.listenerCount = function (emitter, type) {
    if (typeof emitter.listenerCount === 'function') return emitter.listenerCount(type);
    return listenerCountImpl.call(emitter, type);
  };

  EventEmitter.setMaxListeners = function (n) {
    if (n === undefined) n = defaultMaxListeners;
    checkMaxListeners(n, 'setMaxListeners');
    if (arguments.length <= 1) {
      defaultMaxListeners = n;
      return;
    }
    for (var i = 1; i < arguments.length; i++) {
      var target = arguments[i];
      if (target && typeof target.setMaxListeners === 'function') {
        target.setMaxListeners(n);
      } else {
        throw invalidInstance('eventTargets', target);
      }
    }
  };

  EventEmitter.getMaxListeners = function (emitter) {
    if (emitter && typeof emitter.getMaxListeners === 'function') {
      return emitter.getMaxListeners();
    }
    throw invalidInstance('emitter', emitter);
  };

  EventEmitter.getEventListeners = function (emitter, type) {
    if (emitter && typeof emitter.listeners === 'function') return emitter.listeners(type);
    throw invalidInstance('emitter', emitter);
  };

  function abortError(signal) {
    var err = new Error('The operation was aborted');
    err.name = 'AbortError';
    err.code = 'ABORT_ERR';
    if (signal && signal.reason !== undefined) err.cause = signal.reason;
    return err;
  }

  // EventEmitter.once(emitter, name[, options]) -> Promise<args[]>
  // Rejects if 'error' is emitted first (unless waiting for 'error' itself).
  EventEmitter.once = function (emitter, name, options) {
    var signal = options !== undefined && options !== null ? options.signal : undefined;
    return new Promise(function (resolve, reject) {
      if (signal && signal.aborted) {
        reject(abortError(signal));
        return;
      }
      if (typeof emitter.on !== 'function' && typeof emitter.addEventListener === 'function') {
        var onEvent = function (ev) {
          if (signal && typeof signal.removeEventListener === 'function') {
            signal.removeEventListener('abort', onAbortTarget);
          }
          resolve([ev]);
        };
        var onAbortTarget = function () {
          emitter.removeEventListener(name, onEvent);
          reject(abortError(signal));
        };
        emitter.addEventListener(name, onEvent, { once: true });
        if (signal && typeof signal.addEventListener === 'function') {
          signal.addEventListener('abort', onAbortTarget, { once: true });
        }
        return;
      }

      var errorListener;
      var onAbort;
      var cleanup = function () {
        if (errorListener !== undefined) emitter.removeListener('error', errorListener);
        if (onAbort !== undefined && typeof signal.removeEventListener === 'function') {
          signal.removeEventListener('abort', onAbort);
        }
      };
      var resolver = function () {
        cleanup();
        resolve(Array.prototype.slice.call(arguments));
      };
      if (name !== 'error') {
        errorListener = function (err) {
          emitter.removeListener(name, resolver);
          cleanup();
          reject(err);
        };
        emitter.once('error', errorListener);
      }
      emitter.once(name, resolver);
      if (signal && typeof signal.addEventListener === 'function') {
        onAbort = function () {
          emitter.removeListener(name, resolver);
          cleanup();
          reject(abortError(signal));
        };
        signal.addEventListener('abort', onAbort, { once: true });
      }
    });
  };

  // EventEmitter.on(emitter, name) -> AsyncIterator<args[]>
  // Events are queued until consumed; an 'error' event rejects the next
  // pending read (or is delivered on the next read) and ends the iteration.
  EventEmitter.on = function (emitter, name, options) {
    var signal = options !== undefined && options !== null ? options.signal : undefined;
    if (signal && signal.aborted) throw abortError(signal);

    var queue = [];          // buffered event argument arrays
    var pending = [];        // waiting {resolve, reject} pairs
    var error = null;
    var finished = false;

    var onEvent = function () {
      var args = Array.prototype.slice.call(arguments);
      if (pending.length > 0) pending.shift().resolve({ value: args, done: false });
      else queue.push(args);
    };
    var onError = function (err) {
      if (pending.length > 0) pending.shift().reject(err);
      else error = err;
      iterator.return();
    };
    var onAbort = function () {
      onError(abortError(signal));
    };

    var closeHandlers = function () {
      emitter.removeListener(name, onEvent);
      if (name !== 'error') emitter.removeListener('error', onError);
      if (signal && typeof signal.removeEventListener === 'function') {
        signal.removeEventListener('abort', onAbort);
      }
    };

    var iterator = {
      next: function () {
        if (queue.length > 0) {
          return Promise.resolve({ value: queue.shift(), done: false });
        }
        if (error !== null) {
          var p = Promise.reject(error);
          error = null;
          return p;
        }
        if (finished) return Promise.resolve({ value: undefined, done: true });
        return new Promise(function (resolve, reject) {
          pending.push({ resolve: resolve, reject: reject });
        });
      },
      return: function () {
        closeHandlers();
        finished = true;
        while (pending.length > 0) pending.shift().resolve({ value: undefined, done: true });
        return Promise.resolve({ value: undefined, done: true });
      },
      throw: function (err) {
        if (!(err instanceof Error)) {
          throw invalidArgType('EventEmitter.AsyncIterator', 'Error', err);
        }
        error = err;
        closeHandlers();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
    iterator[Symbol.asyncIterator] = function () {
      return this;
    };

    emitter.on(name, onEvent);
    if (name !== 'error') emitter.on('error', onError);
    if (signal && typeof signal.addEventListener === 'function') {
      signal.addEventListener('abort', onAbort, { once: true });
    }
    return iterator;
  };

  return EventEmitter;
})
