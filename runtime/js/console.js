// ThingsJS console / inspect implementation.
//
// This file is a script whose completion value is a factory function. The
// host evaluates it, then calls the result with an object of native helpers:
//
//   natives.typeTag(v)        -> V8 internal type name of an object ('' if plain)
//   natives.functionKind(f)   -> 'function'|'class'|'async'|'generator'|'asyncgenerator'
//   natives.promiseState(p)   -> [state, result]  (0 pending, 1 fulfilled, 2 rejected)
//   natives.proxyTarget(p)    -> target of a proxy (null when revoked)
//   natives.proxyHandler(p)   -> (optional) handler of a proxy, for showProxy
//   natives.previewEntries(i) -> (optional) [entries, isKeyValue] for Map/Set
//                                iterators; key/value entries come flattened
//                                as [k0, v0, k1, v1, ...] (v8::Object::PreviewEntries)
//   natives.now()             -> monotonic time in milliseconds
//   natives.ownNonIndexKeys(o, all)
//                             -> (optional) own keys of `o` except array indices,
//                                strings then symbols; only enumerable ones
//                                unless `all` (v8 GetPropertyNames with
//                                kOwnOnly + kSkipIndices). Without it, large
//                                arrays and typed arrays cost O(length).
//   natives.className(o)      -> (optional) v8::Object::GetConstructorName(), used
//                                only for objects whose prototype chain has no
//                                usable constructor (default 'Object').
//
// and gets back { inspect, format, formatWithOptions, createConsole }.
//
// The output aims to be identical to Node.js 20's util.inspect / util.format /
// console for the same values. The code is an independent implementation
// written against Node's observable behaviour (see test/js/console_test.js,
// which compares both outputs for a large set of values).
//
// Only ECMAScript built-ins are used, and every one of them is captured when
// the factory runs, so user code that later replaces or deletes built-in
// methods cannot break console output.
(function (natives) {
  'use strict';

  // ---------------------------------------------------------------------------
  // Captured built-ins
  // ---------------------------------------------------------------------------

  const FunctionCall = Function.prototype.call;
  // uncurry(Array.prototype.join)(arr, ', ') === arr.join(', ') without looking
  // anything up on the array or its prototype at call time.
  const uncurry = (fn) => FunctionCall.bind(fn);
  const getterOf = (proto, name) => uncurry(Object.getOwnPropertyDescriptor(proto, name).get);

  const ObjectKeys = Object.keys;
  const ObjectGetOwnPropertyNames = Object.getOwnPropertyNames;
  const ObjectGetOwnPropertySymbols = Object.getOwnPropertySymbols;
  const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const ObjectGetPrototypeOf = Object.getPrototypeOf;
  const ObjectIs = Object.is;
  const ObjectFreeze = Object.freeze;
  const hasOwn = uncurry(Object.prototype.hasOwnProperty);
  const isEnumerable = uncurry(Object.prototype.propertyIsEnumerable);

  const ArrayIsArray = Array.isArray;
  const ArrayJoin = uncurry(Array.prototype.join);
  const ArraySort = uncurry(Array.prototype.sort);
  const ArraySplice = uncurry(Array.prototype.splice);
  const ArrayIndexOf = uncurry(Array.prototype.indexOf);
  const ArraySlice = uncurry(Array.prototype.slice);

  const StringCtor = String;
  const StringSlice = uncurry(String.prototype.slice);
  const StringIndexOf = uncurry(String.prototype.indexOf);
  const StringRepeat = uncurry(String.prototype.repeat);
  const StringPadStart = uncurry(String.prototype.padStart);
  const StringPadEnd = uncurry(String.prototype.padEnd);
  const StringCharCodeAt = uncurry(String.prototype.charCodeAt);
  const StringCodePointAt = uncurry(String.prototype.codePointAt);
  const StringStartsWith = uncurry(String.prototype.startsWith);
  const StringEndsWith = uncurry(String.prototype.endsWith);
  const StringToUpperCase = uncurry(String.prototype.toUpperCase);
  const StringToLowerCase = uncurry(String.prototype.toLowerCase);
  const StringNormalize = uncurry(String.prototype.normalize);
  const StringValueOf = uncurry(String.prototype.valueOf);

  const NumberCtor = Number;
  const NumberIsNaN = Number.isNaN;
  const NumberIsFinite = Number.isFinite;
  const NumberParseInt = Number.parseInt;
  const NumberParseFloat = Number.parseFloat;
  const NumberToString = uncurry(Number.prototype.toString);
  const NumberToFixed = uncurry(Number.prototype.toFixed);
  const NumberValueOf = uncurry(Number.prototype.valueOf);
  const BooleanValueOf = uncurry(Boolean.prototype.valueOf);
  const BigIntValueOf = uncurry(BigInt.prototype.valueOf);
  const SymbolValueOf = uncurry(Symbol.prototype.valueOf);
  const SymbolToString = uncurry(Symbol.prototype.toString);
  const SymbolToStringTag = Symbol.toStringTag;
  const SymbolIterator = Symbol.iterator;

  const MathMin = Math.min;
  const MathMax = Math.max;
  const MathFloor = Math.floor;
  const MathRound = Math.round;
  const MathSqrt = Math.sqrt;
  const MathTrunc = Math.trunc;

  const RegExpCtor = RegExp;
  const RegExpExec = uncurry(RegExp.prototype.exec);
  const RegExpToString = uncurry(RegExp.prototype.toString);
  const DateGetTime = uncurry(Date.prototype.getTime);
  const DateToISOString = uncurry(Date.prototype.toISOString);
  const DateToString = uncurry(Date.prototype.toString);
  const ErrorCtor = Error;
  const TypeErrorCtor = TypeError;
  const ErrorToString = uncurry(Error.prototype.toString);
  const ErrorCaptureStackTrace = Error.captureStackTrace; // V8 extension
  const FunctionToString = uncurry(Function.prototype.toString);
  const ReflectApply = Reflect.apply;
  const JSONStringify = JSON.stringify;

  const MapCtor = Map;
  const MapGet = uncurry(Map.prototype.get);
  const MapSet = uncurry(Map.prototype.set);
  const MapHas = uncurry(Map.prototype.has);
  const MapDelete = uncurry(Map.prototype.delete);
  const MapEntries = uncurry(Map.prototype.entries);
  const MapSize = getterOf(Map.prototype, 'size');
  const MapIteratorNext = uncurry(ObjectGetPrototypeOf(new Map().entries()).next);
  const SetValues = uncurry(Set.prototype.values);
  const SetSize = getterOf(Set.prototype, 'size');
  const SetIteratorNext = uncurry(ObjectGetPrototypeOf(new Set().values()).next);

  const Uint8ArrayCtor = Uint8Array;
  const TypedArrayPrototype = ObjectGetPrototypeOf(Uint8Array.prototype);
  const TypedArrayLength = getterOf(TypedArrayPrototype, 'length');
  const TypedArrayTag = getterOf(TypedArrayPrototype, SymbolToStringTag);
  const ArrayBufferByteLength = getterOf(ArrayBuffer.prototype, 'byteLength');
  const SharedArrayBufferByteLength = typeof SharedArrayBuffer === 'function' ?
    getterOf(SharedArrayBuffer.prototype, 'byteLength') : undefined;

  const natTypeTag = natives.typeTag;
  const natFunctionKind = natives.functionKind;
  const natPromiseState = natives.promiseState;
  const natProxyTarget = natives.proxyTarget;
  const natProxyHandler = natives.proxyHandler;
  const natPreviewEntries = natives.previewEntries;
  const natNow = natives.now;
  const natOwnNonIndexKeys = natives.ownNonIndexKeys;
  const natClassName = natives.className;

  const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');

  // Names of the global constructors/namespaces known at start-up. '%s' only
  // calls String() on objects whose toString comes from a user-defined class.
  const builtInNames = new MapCtor();
  {
    const globals = ObjectGetOwnPropertyNames(globalThis);
    for (let i = 0; i < globals.length; i++) {
      const name = globals[i];
      const first = StringCharCodeAt(name, 0);
      // Constructors and namespaces: capitalised alphanumeric names.
      if (first >= 65 && first <= 90 && name.length > 1 && RegExpExec(/[^a-zA-Z0-9]/, name) === null) {
        MapSet(builtInNames, name, true);
      }
    }
  }

  // ---------------------------------------------------------------------------
  // Small string helpers (loops instead of regexp replacement so they cannot
  // be disturbed by patched RegExp methods).
  // ---------------------------------------------------------------------------

  function push(arr, v) {
    arr[arr.length] = v;
  }

  function replaceAllText(str, search, replacement) {
    let pos = StringIndexOf(str, search);
    if (pos === -1) return str;
    let out = '';
    let last = 0;
    while (pos !== -1) {
      out += StringSlice(str, last, pos) + replacement;
      last = pos + search.length;
      pos = StringIndexOf(str, search, last);
    }
    return out + StringSlice(str, last);
  }

  function spaces(n) {
    return n > 0 ? StringRepeat(' ', n) : '';
  }

  // ---------------------------------------------------------------------------
  // Colors
  // ---------------------------------------------------------------------------

  // ANSI [open, close] codes per style, same palette as Node's defaults.
  const styleCodes = {
    __proto__: null,
    special: [36, 39], // cyan
    number: [33, 39], // yellow
    bigint: [33, 39],
    boolean: [33, 39],
    undefined: [90, 39], // grey
    null: [1, 22], // bold
    string: [32, 39], // green
    symbol: [32, 39],
    date: [35, 39], // magenta
    regexp: [31, 39], // red
    module: [4, 24], // underline
  };

  function stylizeWithColor(str, style) {
    const codes = styleCodes[style];
    if (codes === undefined) return str;
    return `\u001b[${codes[0]}m${str}\u001b[${codes[1]}m`;
  }

  function stylizeNoColor(str) {
    return str;
  }

  // Remove ANSI escape sequences (CSI ... final byte, and OSC ... BEL/ST).
  function stripAnsi(str) {
    if (StringIndexOf(str, '\u001b') === -1 && StringIndexOf(str, '\u009b') === -1) return str;
    let out = '';
    let i = 0;
    const n = str.length;
    while (i < n) {
      const c = StringCharCodeAt(str, i);
      if (c === 0x1b || c === 0x9b) {
        let j = i + 1;
        if (c === 0x1b && j < n && str[j] === ']') {
          // OSC: terminated by BEL or ESC \
          j++;
          while (j < n && StringCharCodeAt(str, j) !== 7 &&
                 !(str[j] === '\u001b' && str[j + 1] === '\\')) j++;
          i = j < n && StringCharCodeAt(str, j) === 7 ? j + 1 : j + 2;
          continue;
        }
        if (c === 0x1b && j < n && str[j] === '[') j++;
        // parameter and intermediate bytes, then one final byte
        while (j < n) {
          const d = StringCharCodeAt(str, j);
          if (d >= 0x40 && d <= 0x7e) { j++; break; }
          if (d < 0x20 || d > 0x3f) break;
          j++;
        }
        i = j;
        continue;
      }
      out += str[i];
      i++;
    }
    return out;
  }

  // ---------------------------------------------------------------------------
  // Display width (terminal columns) of a string
  // ---------------------------------------------------------------------------

  function isWideCodePoint(cp) {
    return cp >= 0x1100 && (
      cp <= 0x115f || cp === 0x2329 || cp === 0x232a ||
      (cp >= 0x231a && cp <= 0x231b) ||
      (cp >= 0x23e9 && cp <= 0x23ec) || cp === 0x23f0 || cp === 0x23f3 ||
      (cp >= 0x25fd && cp <= 0x25fe) || (cp >= 0x2614 && cp <= 0x2615) ||
      (cp >= 0x2648 && cp <= 0x2653) || cp === 0x267f || cp === 0x2693 ||
      cp === 0x26a1 || (cp >= 0x26aa && cp <= 0x26ab) ||
      (cp >= 0x26bd && cp <= 0x26be) || (cp >= 0x26c4 && cp <= 0x26c5) ||
      cp === 0x26ce || cp === 0x26d4 || cp === 0x26ea ||
      (cp >= 0x26f2 && cp <= 0x26f3) || cp === 0x26f5 || cp === 0x26fa ||
      cp === 0x26fd || cp === 0x2705 || (cp >= 0x270a && cp <= 0x270b) ||
      cp === 0x2728 || cp === 0x274c || cp === 0x274e ||
      (cp >= 0x2753 && cp <= 0x2755) || cp === 0x2757 ||
      (cp >= 0x2795 && cp <= 0x2797) || cp === 0x27b0 || cp === 0x27bf ||
      (cp >= 0x2b1b && cp <= 0x2b1c) || cp === 0x2b50 || cp === 0x2b55 ||
      (cp >= 0x2e80 && cp <= 0x303e) ||
      (cp >= 0x3041 && cp <= 0x33ff) ||
      (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0xa4cf) ||
      (cp >= 0xa960 && cp <= 0xa97f) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe10 && cp <= 0xfe19) ||
      (cp >= 0xfe30 && cp <= 0xfe6f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x16fe0 && cp <= 0x18cff) ||
      (cp >= 0x1b000 && cp <= 0x1b2ff) ||
      cp === 0x1f004 || cp === 0x1f0cf || cp === 0x1f18e ||
      (cp >= 0x1f191 && cp <= 0x1f19a) ||
      (cp >= 0x1f200 && cp <= 0x1f251) ||
      (cp >= 0x1f300 && cp <= 0x1f64f && !(cp >= 0x1f321 && cp <= 0x1f32c) &&
       cp !== 0x1f336 && cp !== 0x1f37d && !(cp >= 0x1f394 && cp <= 0x1f39f) &&
       !(cp >= 0x1f3cb && cp <= 0x1f3ce) && !(cp >= 0x1f3d4 && cp <= 0x1f3df) &&
       !(cp >= 0x1f3f1 && cp <= 0x1f3f3) && !(cp >= 0x1f3f5 && cp <= 0x1f3f7) &&
       cp !== 0x1f43f && cp !== 0x1f441 && !(cp >= 0x1f4fd && cp <= 0x1f4fe) &&
       !(cp >= 0x1f53e && cp <= 0x1f54a) && cp !== 0x1f54f &&
       !(cp >= 0x1f568 && cp <= 0x1f579) && !(cp >= 0x1f57b && cp <= 0x1f594) &&
       !(cp >= 0x1f597 && cp <= 0x1f5a3) && !(cp >= 0x1f5a5 && cp <= 0x1f5fa)) ||
      (cp >= 0x1f680 && cp <= 0x1f6c5) || cp === 0x1f6cc ||
      (cp >= 0x1f6d0 && cp <= 0x1f6d2) || (cp >= 0x1f6d5 && cp <= 0x1f6d7) ||
      (cp >= 0x1f6eb && cp <= 0x1f6ec) || (cp >= 0x1f6f4 && cp <= 0x1f6fc) ||
      (cp >= 0x1f7e0 && cp <= 0x1f7eb) ||
      (cp >= 0x1f90c && cp <= 0x1f93a) || (cp >= 0x1f93c && cp <= 0x1f945) ||
      (cp >= 0x1f947 && cp <= 0x1f9ff) ||
      (cp >= 0x1fa70 && cp <= 0x1faff) ||
      (cp >= 0x20000 && cp <= 0x3fffd));
  }

  function isZeroWidthCodePoint(cp) {
    return cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f) ||
      (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) ||
      (cp >= 0x20d0 && cp <= 0x20ff) || (cp >= 0xfe00 && cp <= 0xfe0f) ||
      (cp >= 0xfe20 && cp <= 0xfe2f) || (cp >= 0xe0100 && cp <= 0xe01ef);
  }

  function displayWidth(str, removeColors) {
    if (removeColors) str = stripAnsi(str);
    let width = 0;
    let i = 0;
    const n = str.length;
    // ASCII fast path
    for (; i < n; i++) {
      const c = StringCharCodeAt(str, i);
      if (c >= 127) break;
      if (c >= 32) width++;
    }
    if (i === n) return width;
    str = StringNormalize(StringSlice(str, i), 'NFC');
    for (let j = 0; j < str.length; j++) {
      const cp = StringCodePointAt(str, j);
      if (cp > 0xffff) j++;
      if (isWideCodePoint(cp)) width += 2;
      else if (!isZeroWidthCodePoint(cp)) width++;
    }
    return width;
  }

  // ---------------------------------------------------------------------------
  // Primitive values
  // ---------------------------------------------------------------------------

  // Escape sequences for the C0 control characters.
  const controlEscapes = [];
  for (let c = 0; c < 0x20; c++) {
    push(controlEscapes, '\\x' + StringPadStart(StringToUpperCase(NumberToString(c, 16)), 2, '0'));
  }
  controlEscapes[8] = '\\b';
  controlEscapes[9] = '\\t';
  controlEscapes[10] = '\\n';
  controlEscapes[12] = '\\f';
  controlEscapes[13] = '\\r';

  // Quote a string the way Node does: prefer single quotes, then double
  // quotes, then backticks (whichever does not occur in the text), and fall
  // back to escaping single quotes.
  function quoteString(str) {
    let quote = "'";
    if (StringIndexOf(str, "'") !== -1) {
      if (StringIndexOf(str, '"') === -1) quote = '"';
      else if (StringIndexOf(str, '`') === -1 && StringIndexOf(str, '${') === -1) quote = '`';
    }
    return quote + escapeString(str, StringCharCodeAt(quote, 0)) + quote;
  }

  // Escape control characters, lone surrogates, backslashes and the quote
  // character `quoteCode`.
  function escapeString(str, quoteCode) {
    let out = '';
    let last = 0;
    const n = str.length;
    for (let i = 0; i < n; i++) {
      const c = StringCharCodeAt(str, i);
      let escaped;
      if (c < 0x20) {
        escaped = controlEscapes[c];
      } else if (c === quoteCode || c === 0x5c) {
        escaped = '\\' + str[i];
      } else if (c === 0x7f) {
        escaped = '\\x7F';
      } else if (c >= 0xd800 && c <= 0xdfff) {
        if (c <= 0xdbff && i + 1 < n) {
          const next = StringCharCodeAt(str, i + 1);
          if (next >= 0xdc00 && next <= 0xdfff) {
            i++; // valid surrogate pair
            continue;
          }
        }
        escaped = '\\u' + NumberToString(c, 16); // lone surrogate
      } else {
        continue;
      }
      out += StringSlice(str, last, i) + escaped;
      last = i + 1;
    }
    if (last === 0) return str;
    return out + StringSlice(str, last);
  }

  // Insert '_' every three digits, counting from the right.
  function groupDigitsFromRight(digits) {
    let out = '';
    let i = digits.length;
    const stop = digits[0] === '-' ? 1 : 0;
    for (; i - 3 > stop; i -= 3) out = '_' + StringSlice(digits, i - 3, i) + out;
    return StringSlice(digits, 0, i) + out;
  }

  // Insert '_' every three digits, counting from the left.
  function groupDigitsFromLeft(digits) {
    let out = '';
    let i = 0;
    for (; i < digits.length - 3; i += 3) out += StringSlice(digits, i, i + 3) + '_';
    return i === 0 ? digits : out + StringSlice(digits, i);
  }

  function formatNumber(stylize, n, separators) {
    if (!separators) {
      return stylize(ObjectIs(n, -0) ? '-0' : `${n}`, 'number');
    }
    const whole = MathTrunc(n);
    const wholeText = `${whole}`;
    if (whole === n) {
      if (!NumberIsFinite(n) || StringIndexOf(wholeText, 'e') !== -1) return stylize(wholeText, 'number');
      return stylize(groupDigitsFromRight(wholeText), 'number');
    }
    if (NumberIsNaN(n)) return stylize(wholeText, 'number');
    const fraction = StringSlice(`${n}`, wholeText.length + 1);
    return stylize(`${groupDigitsFromRight(wholeText)}.${groupDigitsFromLeft(fraction)}`, 'number');
  }

  function formatBigInt(stylize, n, separators) {
    const text = `${n}`;
    return stylize(`${separators ? groupDigitsFromRight(text) : text}n`, 'bigint');
  }

  function formatPrimitive(stylize, value, st) {
    switch (typeof value) {
      case 'string': {
        let tail = '';
        if (value.length > st.maxStringLength) {
          const rest = value.length - st.maxStringLength;
          value = StringSlice(value, 0, st.maxStringLength);
          tail = `... ${rest} more character${rest > 1 ? 's' : ''}`;
        }
        // Long strings are shown as one quoted piece per line, joined by '+'.
        if (st.compact !== true && value.length > 16 &&
            value.length > st.breakLength - st.indent - 4 &&
            StringIndexOf(value, '\n') !== -1 && StringIndexOf(value, '\n') < value.length - 1) {
          const pieces = [];
          let start = 0;
          let nl = StringIndexOf(value, '\n');
          while (nl !== -1 && nl < value.length - 1) {
            push(pieces, stylize(quoteString(StringSlice(value, start, nl + 1)), 'string'));
            start = nl + 1;
            nl = StringIndexOf(value, '\n', start);
          }
          push(pieces, stylize(quoteString(StringSlice(value, start)), 'string'));
          return ArrayJoin(pieces, ` +\n${spaces(st.indent + 2)}`) + tail;
        }
        return stylize(quoteString(value), 'string') + tail;
      }
      case 'number':
        return formatNumber(stylize, value, st.numericSeparator);
      case 'bigint':
        return formatBigInt(stylize, value, st.numericSeparator);
      case 'boolean':
        return stylize(`${value}`, 'boolean');
      case 'undefined':
        return stylize('undefined', 'undefined');
      default: // symbol
        return stylize(SymbolToString(value), 'symbol');
    }
  }

  // ---------------------------------------------------------------------------
  // Options / state
  // ---------------------------------------------------------------------------

  const defaultOptions = {
    showHidden: false,
    depth: 2,
    colors: false,
    customInspect: true,
    showProxy: false,
    maxArrayLength: 100,
    maxStringLength: 10000,
    breakLength: 80,
    compact: 3,
    sorted: false,
    getters: false,
    numericSeparator: false,
  };
  const optionNames = ObjectKeys(defaultOptions);

  function createState(options) {
    const st = {
      stylize: stylizeNoColor,
      extraOptions: undefined, // unknown option keys, handed to custom inspectors
      indent: 0, // column at which the current value starts (for line breaks)
      ancestors: [], // objects currently being formatted (cycle detection)
      refIds: undefined, // Map: object -> number used in '<ref *N>'
      // Nesting level of the most recently opened non-empty object. An object
      // is only put on one line when this is less than `compact` levels below
      // it, i.e. when the last nested value does not nest too deeply.
      lastLevel: 0,
    };
    for (let i = 0; i < optionNames.length; i++) {
      st[optionNames[i]] = defaultOptions[optionNames[i]];
    }
    if (options !== null && typeof options === 'object') {
      const keys = ObjectKeys(options);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        if (hasOwn(defaultOptions, key) || key === 'stylize') {
          st[key] = options[key];
        } else if (st.extraOptions === undefined) {
          st.extraOptions = options;
        }
      }
    }
    if (st.colors && !hasOwn(options, 'stylize')) st.stylize = stylizeWithColor;
    if (st.maxArrayLength === null) st.maxArrayLength = Infinity;
    if (st.maxStringLength === null) st.maxStringLength = Infinity;
    if (st.depth === Infinity) st.depth = null;
    return st;
  }

  // The options object handed to [inspect.custom](depth, options, inspect).
  function optionsForCustom(st) {
    const out = { stylize: st.stylize };
    for (let i = 0; i < optionNames.length; i++) out[optionNames[i]] = st[optionNames[i]];
    const extra = st.extraOptions;
    if (extra !== undefined) {
      const keys = ObjectKeys(extra);
      for (let i = 0; i < keys.length; i++) {
        if (!hasOwn(out, keys[i])) out[keys[i]] = extra[keys[i]];
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------
  // Object classification helpers
  // ---------------------------------------------------------------------------

  function safeInstanceOf(obj, ctor) {
    try {
      return obj instanceof ctor;
    } catch {
      return false;
    }
  }

  // Name of the nearest constructor on the prototype chain, or null for
  // objects without prototype. Objects whose chain has no usable constructor
  // are described by their first prototype, e.g. 'Object <Complex prototype>'.
  function constructorNameOf(st, obj, level) {
    let proto = obj;
    let firstProto;
    while (proto !== null && proto !== undefined) {
      const desc = ObjectGetOwnPropertyDescriptor(proto, 'constructor');
      if (desc !== undefined && typeof desc.value === 'function' &&
          desc.value.name !== '' && safeInstanceOf(obj, desc.value)) {
        return StringCtor(desc.value.name);
      }
      proto = ObjectGetPrototypeOf(proto);
      if (firstProto === undefined) firstProto = proto;
    }
    if (firstProto === null) return null;
    const fallback = natClassName !== undefined ? natClassName(obj) : 'Object';
    if (st.depth !== null && level > st.depth) return `${fallback} <Complex prototype>`;
    const protoName = constructorNameOf(st, firstProto, level + 1);
    if (protoName === null) {
      const described = inspect(firstProto, {
        __proto__: null,
        customInspect: false,
        depth: -1,
        colors: st.colors,
        stylize: st.stylize,
      });
      return `${fallback} <${described}>`;
    }
    return `${fallback} <${protoName}>`;
  }

  // 'Foo ', 'Foo(2) ', 'Foo [tag] ', '[Foo: null prototype] ' ...
  function describePrefix(ctor, tag, fallback, size) {
    if (size === undefined) size = '';
    if (ctor === null) {
      if (tag !== '' && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
      return `[${fallback}${size}: null prototype] `;
    }
    if (tag !== '' && ctor !== tag) return `${ctor}${size} [${tag}] `;
    return `${ctor}${size} `;
  }

  function isArrayIndexKey(key) {
    const n = key.length;
    if (n === 0 || n > 10) return false;
    const first = StringCharCodeAt(key, 0);
    if (first === 48) return n === 1; // '0'
    for (let i = 0; i < n; i++) {
      const c = StringCharCodeAt(key, i);
      if (c < 48 || c > 57) return false;
    }
    return +key <= 4294967294;
  }

  // Own keys to display: enumerable string keys, then enumerable symbols
  // (with showHidden: all of them). `skipIndices` drops array index keys.
  function displayKeys(st, obj, skipIndices) {
    if (skipIndices && natOwnNonIndexKeys !== undefined) return natOwnNonIndexKeys(obj, !!st.showHidden);
    let names;
    let symbols = ObjectGetOwnPropertySymbols(obj);
    if (st.showHidden) {
      names = ObjectGetOwnPropertyNames(obj);
    } else {
      try {
        names = ObjectKeys(obj);
      } catch (err) {
        // Object.keys reads module namespace bindings, which throws while a
        // binding is uninitialized. All exports are enumerable anyway.
        if (natTypeTag(obj) !== 'ModuleNamespace') throw err;
        names = ObjectGetOwnPropertyNames(obj);
      }
      if (symbols.length !== 0) {
        const visible = [];
        for (let i = 0; i < symbols.length; i++) {
          if (isEnumerable(obj, symbols[i])) push(visible, symbols[i]);
        }
        symbols = visible;
      }
    }
    if (skipIndices && names.length !== 0) {
      // Index keys always come first, in ascending order.
      let first = 0;
      const len = obj.length;
      if (typeof len === 'number' && len > 0 && len <= names.length &&
          names[len - 1] === `${len - 1}`) {
        first = len;
      }
      while (first < names.length && isArrayIndexKey(names[first])) first++;
      if (first !== 0) names = ArraySlice(names, first);
    }
    for (let i = 0; i < symbols.length; i++) push(names, symbols[i]);
    return names;
  }

  function moreItemsText(n) {
    return `... ${n} more item${n > 1 ? 's' : ''}`;
  }

  // ---------------------------------------------------------------------------
  // Formatting of any value
  // ---------------------------------------------------------------------------

  function formatValue(st, value, level, insideTypedArray) {
    if (typeof value !== 'object' && typeof value !== 'function') {
      return formatPrimitive(st.stylize, value, st);
    }
    if (value === null) return st.stylize('null', 'null');

    const receiver = value;
    let type = natTypeTag(value);
    if (type === 'Proxy') {
      if (st.showProxy && natProxyHandler !== undefined) {
        const target = natProxyTarget(value);
        if (target === null || target === undefined) return st.stylize('<Revoked Proxy>', 'special');
        return formatProxy(st, value, level);
      }
      // Inspect the target instead, without triggering any trap.
      do {
        value = natProxyTarget(value);
        if (value === null || value === undefined) return st.stylize('<Revoked Proxy>', 'special');
        type = natTypeTag(value);
      } while (type === 'Proxy');
    }

    if (st.customInspect) {
      const custom = value[customInspectSymbol];
      if (typeof custom === 'function' && custom !== inspect &&
          !(value.constructor && value.constructor.prototype === value)) {
        const depth = st.depth === null ? null : st.depth - level;
        const result = ReflectApply(custom, receiver, [depth, optionsForCustom(st), inspect]);
        if (result !== receiver) {
          if (typeof result !== 'string') return formatValue(st, result, level);
          return replaceAllText(result, '\n', `\n${spaces(st.indent)}`);
        }
      }
    }

    if (ArrayIndexOf(st.ancestors, value) !== -1) {
      if (st.refIds === undefined) st.refIds = new MapCtor();
      let id = MapGet(st.refIds, value);
      if (id === undefined) {
        id = MapSize(st.refIds) + 1;
        MapSet(st.refIds, value, id);
      }
      return st.stylize(`[Circular *${id}]`, 'special');
    }

    return formatObject(st, value, level, type, insideTypedArray);
  }

  function formatProxy(st, proxy, level) {
    if (st.depth !== null && level > st.depth) return st.stylize('Proxy [Array]', 'special');
    level++;
    const target = natProxyTarget(proxy);
    const handler = natProxyHandler(proxy);
    st.indent += 2;
    const parts = [formatValue(st, target, level), formatValue(st, handler, level)];
    st.indent -= 2;
    return layoutEntries(st, parts, '', 'Proxy [', ']', true, level);
  }

  // Formats an object in three steps: classify it (deciding the text before
  // and around its entries and the function producing the entries; values
  // with nothing inside return early), render entries and own keys one level
  // deeper, then lay the result out on one or several lines.
  function formatObject(st, value, level, type, insideTypedArray) {
    const ctor = constructorNameOf(st, value, level);
    let tag = value[SymbolToStringTag];
    // A tag stored as an own (enumerable) property is printed as a key already.
    if (typeof tag !== 'string' ||
        (tag !== '' && (st.showHidden ? hasOwn : isEnumerable)(value, SymbolToStringTag))) {
      tag = '';
    }

    let head = ''; // text before the braces: function name, stack, ...
    let open = '{';
    let close = '}';
    let keys;
    let entriesOf = noEntries; // produces the entries before the keys
    let arrayLike = false; // entries are array elements (grouping, no names)
    let isCollection = false; // handled by the array/collection branch below

    if (value[SymbolIterator] || ctor === null) {
      isCollection = true;
      if (ArrayIsArray(value)) {
        const len = value.length;
        const prefix = (ctor !== 'Array' || tag !== '') ? describePrefix(ctor, tag, 'Array', `(${len})`) : '';
        keys = displayKeys(st, value, true);
        open = `${prefix}[`;
        close = ']';
        if (len === 0 && keys.length === 0) return `${open}]`;
        arrayLike = true;
        entriesOf = arrayEntries;
      } else if (type === 'Set') {
        const size = SetSize(value);
        const prefix = describePrefix(ctor, tag, 'Set', `(${size})`);
        keys = displayKeys(st, value, false);
        if (size === 0 && keys.length === 0) return `${prefix}{}`;
        open = `${prefix}{`;
        entriesOf = setEntries;
      } else if (type === 'Map') {
        const size = MapSize(value);
        const prefix = describePrefix(ctor, tag, 'Map', `(${size})`);
        keys = displayKeys(st, value, false);
        if (size === 0 && keys.length === 0) return `${prefix}{}`;
        open = `${prefix}{`;
        entriesOf = mapEntries;
      } else if (type === 'TypedArray') {
        const size = TypedArrayLength(value);
        const prefix = describePrefix(ctor, tag, ctor === null ? TypedArrayTag(value) : '', `(${size})`);
        keys = displayKeys(st, value, true);
        open = `${prefix}[`;
        close = ']';
        if (size === 0 && keys.length === 0 && !st.showHidden) return `${open}]`;
        arrayLike = true;
        entriesOf = typedArrayEntries;
      } else if ((type === 'MapIterator' || type === 'SetIterator') && natPreviewEntries !== undefined) {
        const kind = type === 'MapIterator' ? 'Map' : 'Set';
        keys = displayKeys(st, value, false);
        const expected = `${kind} Iterator`;
        const preview = natPreviewEntries(value);
        // Iterators over [key, value] pairs are labelled "Entries".
        const label = preview[1] ? `${kind} Entries` : expected;
        open = tag === expected ? `[${label}] {` : `[${tag === '' ? '' : `${tag}] [`}${label}] {`;
        entriesOf = (st2, it, lvl) => iteratorEntries(st2, lvl, preview[0], preview[1]);
      } else {
        isCollection = false;
      }
    }

    if (!isCollection) {
      keys = displayKeys(st, value, false);
      if (ctor === 'Object') {
        if (type === 'Arguments') open = '[Arguments] {';
        else if (tag !== '') open = `${describePrefix(ctor, tag, 'Object')}{`;
        if (keys.length === 0) return `${open}}`;
      } else if (typeof value === 'function') {
        head = functionHead(value, ctor, tag);
        if (keys.length === 0) return st.stylize(head, 'special');
      } else if (type === 'RegExp') {
        head = RegExpToString(ctor !== null ? value : new RegExpCtor(value));
        const prefix = describePrefix(ctor, tag, 'RegExp');
        if (prefix !== 'RegExp ') head = prefix + head;
        head = st.stylize(head, 'regexp');
        if (keys.length === 0 || (st.depth !== null && level > st.depth)) return head;
      } else if (type === 'Date') {
        head = NumberIsNaN(DateGetTime(value)) ? DateToString(value) : DateToISOString(value);
        const prefix = describePrefix(ctor, tag, 'Date');
        if (prefix !== 'Date ') head = prefix + head;
        head = st.stylize(head, 'date');
        if (keys.length === 0) return head;
      } else if (type === 'Error' || safeInstanceOf(value, ErrorCtor)) {
        head = errorHead(st, value, ctor, tag, keys);
        if (keys.length === 0) return head;
      } else if (type === 'ArrayBuffer' || type === 'SharedArrayBuffer') {
        const prefix = describePrefix(ctor, tag, type);
        if (insideTypedArray) {
          if (keys.length === 0) {
            return `${prefix}{ byteLength: ${formatNumber(st.stylize, bufferByteLength(value, type), false)} }`;
          }
        } else {
          entriesOf = bufferEntries;
        }
        open = `${prefix}{`;
        ArraySplice(keys, 0, 0, 'byteLength');
      } else if (type === 'DataView') {
        open = `${describePrefix(ctor, tag, 'DataView')}{`;
        ArraySplice(keys, 0, 0, 'byteLength', 'byteOffset', 'buffer');
      } else if (type === 'Promise') {
        open = `${describePrefix(ctor, tag, 'Promise')}{`;
        entriesOf = promiseEntries;
      } else if (type === 'WeakSet' || type === 'WeakMap') {
        open = `${describePrefix(ctor, tag, type)}{`;
        entriesOf = weakEntries;
      } else if (type === 'ModuleNamespace') {
        open = `${describePrefix(ctor, tag, 'Module')}{`;
        const names = keys;
        keys = [];
        entriesOf = (st2, ns, lvl) => namespaceEntries(st2, ns, lvl, names);
      } else if (type === 'BoxedNumber' || type === 'BoxedString' || type === 'BoxedBoolean' ||
                 type === 'BoxedSymbol' || type === 'BoxedBigInt') {
        head = boxedHead(st, value, type, keys, ctor, tag);
        if (keys.length === 0) return head;
      } else {
        const prefix = describePrefix(ctor, tag, 'Object');
        if (keys.length === 0) return `${prefix}{}`;
        open = `${prefix}{`;
      }
    }

    if (st.depth !== null && level > st.depth) {
      const name = StringSlice(describePrefix(ctor, tag, 'Object'), 0, -1);
      return st.stylize(ctor === null ? name : `[${name}]`, 'special');
    }

    level++;
    push(st.ancestors, value);
    st.lastLevel = level;
    const indentBefore = st.indent;
    let output;
    try {
      output = entriesOf(st, value, level);
      for (let i = 0; i < keys.length; i++) {
        push(output, formatProperty(st, value, level, keys[i], false));
      }
    } catch (err) {
      if (!isStackOverflow(err)) throw err;
      st.ancestors.length--;
      st.indent = indentBefore;
      const name = StringSlice(describePrefix(ctor, tag, 'Object'), 0, -1);
      return st.stylize(`[${name}: Inspection interrupted prematurely. Maximum call stack size exceeded.]`, 'special');
    }

    if (st.refIds !== undefined) {
      const id = MapGet(st.refIds, value);
      if (id !== undefined) {
        const ref = st.stylize(`<ref *${id}>`, 'special');
        if (st.compact === true) open = `${ref} ${open}`;
        else head = head === '' ? ref : `${ref} ${head}`;
      }
    }
    st.ancestors.length--;

    if (st.sorted) {
      const compare = st.sorted === true ? undefined : st.sorted;
      if (!arrayLike) {
        ArraySort(output, compare);
      } else if (keys.length > 1) {
        const named = ArraySort(ArraySlice(output, output.length - keys.length), compare);
        for (let i = 0; i < named.length; i++) output[output.length - keys.length + i] = named[i];
      }
    }

    return layoutEntries(st, output, head, open, close, arrayLike, level, value);
  }

  function isStackOverflow(err) {
    try {
      return err !== null && typeof err === 'object' && err.name === 'RangeError' &&
        err.message === 'Maximum call stack size exceeded';
    } catch {
      return false;
    }
  }

  // ---------------------------------------------------------------------------
  // Heads: functions, errors, boxed primitives
  // ---------------------------------------------------------------------------

  // The host reports 'class' when the source text starts with "class"; a method
  // named `class` (source "class() {}") also does, so look a bit further.
  function isClassSource(fn) {
    const src = FunctionToString(fn);
    let i = 5;
    const c = src[i];
    if (c !== '{' && c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r' && c !== '/') return false;
    while (src[i] === ' ' || src[i] === '\t' || src[i] === '\n' || src[i] === '\r') i++;
    return src[i] !== '(';
  }

  function functionHead(fn, ctor, tag) {
    const kind = natFunctionKind(fn);
    if (kind === 'class' && isClassSource(fn)) {
      const ownName = hasOwn(fn, 'name') ? fn.name : '';
      let text = `class ${ownName || '(anonymous)'}`;
      if (ctor !== 'Function' && ctor !== null) text += ` [${ctor}]`;
      if (tag !== '' && ctor !== tag) text += ` [${tag}]`;
      if (ctor !== null) {
        const superName = ObjectGetPrototypeOf(fn).name;
        if (superName) text += ` extends ${superName}`;
      } else {
        text += ' extends [null prototype]';
      }
      return `[${text}]`;
    }
    let type = 'Function';
    if (kind === 'generator') type = 'GeneratorFunction';
    else if (kind === 'async') type = 'AsyncFunction';
    else if (kind === 'asyncgenerator') type = 'AsyncGeneratorFunction';
    let text = `[${type}`;
    if (ctor === null) text += ' (null prototype)';
    text += fn.name === '' ? ' (anonymous)' : `: ${fn.name}`;
    text += ']';
    if (ctor !== type && ctor !== null) text += ` ${ctor}`;
    if (tag !== '' && ctor !== tag) text += ` [${tag}]`;
    return text;
  }

  function boxedHead(st, value, type, keys, ctor, tag) {
    let name;
    let primitive;
    switch (type) {
      case 'BoxedNumber': name = 'Number'; primitive = NumberValueOf(value); break;
      case 'BoxedString':
        name = 'String';
        primitive = StringValueOf(value);
        // The characters show up as index keys; they are part of the value.
        ArraySplice(keys, 0, primitive.length);
        break;
      case 'BoxedBoolean': name = 'Boolean'; primitive = BooleanValueOf(value); break;
      case 'BoxedBigInt': name = 'BigInt'; primitive = BigIntValueOf(value); break;
      default: name = 'Symbol'; primitive = SymbolValueOf(value); break;
    }
    let text = `[${name}`;
    if (name !== ctor) text += ctor === null ? ' (null prototype)' : ` (${ctor})`;
    text += `: ${formatPrimitive(stylizeNoColor, primitive, st)}]`;
    if (tag !== '' && tag !== ctor) text += ` [${tag}]`;
    if (keys.length !== 0 || st.stylize === stylizeNoColor) return text;
    return st.stylize(text, StringToLowerCase(name));
  }

  function stackTextOf(err) {
    const stack = err.stack;
    return stack ? StringCtor(stack) : ErrorToString(err);
  }

  // Errors are shown by their stack trace. The leading "Name: message" line is
  // adjusted when the constructor or prototype differs from what the stack
  // says, keys already visible in the stack are omitted and `cause`/`errors`
  // are always listed.
  function errorHead(st, err, ctor, tag, keys) {
    const name = err.name != null ? StringCtor(err.name) : 'Error';
    let stack = stackTextOf(err);

    if (!st.showHidden && keys.length !== 0) {
      const dupes = ['name', 'message', 'stack'];
      for (let i = 0; i < dupes.length; i++) {
        const at = ArrayIndexOf(keys, dupes[i]);
        if (at !== -1 && StringIndexOf(stack, err[dupes[i]]) !== -1) ArraySplice(keys, at, 1);
      }
    }
    if ('cause' in err && (keys.length === 0 || ArrayIndexOf(keys, 'cause') === -1)) push(keys, 'cause');
    if (ArrayIsArray(err.errors) && (keys.length === 0 || ArrayIndexOf(keys, 'errors') === -1)) {
      push(keys, 'errors');
    }

    stack = adjustErrorName(stack, ctor, name, tag);

    // Frames are searched after the message, which may itself contain "at".
    const message = err.message;
    let from = (message && StringIndexOf(stack, message)) || -1;
    if (from !== -1) from += message.length;
    const framesAt = StringIndexOf(stack, '\n    at', from);
    if (framesAt === -1) {
      stack = `[${stack}]`;
    } else {
      const frames = framesWithoutCause(st, err, StringSlice(stack, framesAt + 1));
      stack = `${StringSlice(stack, 0, framesAt)}\n${ArrayJoin(frames, '\n')}`;
    }
    if (st.indent !== 0) stack = replaceAllText(stack, '\n', `\n${spaces(st.indent)}`);
    return stack;
  }

  function adjustErrorName(stack, ctor, name, tag) {
    let nameLength = name.length;
    if (ctor !== null) {
      // Only touch stacks that start with "<name>" (ending in "Error").
      if (!StringEndsWith(name, 'Error') || !StringStartsWith(stack, name)) return stack;
      const after = stack[nameLength];
      if (stack.length !== nameLength && after !== ':' && after !== '\n') return stack;
    }
    let fallback = 'Error';
    if (ctor === null) {
      fallback = leadingErrorName(stack);
      nameLength = fallback.length;
      if (fallback === '') fallback = 'Error';
    }
    const prefix = StringSlice(describePrefix(ctor, tag, fallback), 0, -1);
    if (name === prefix) return stack;
    if (StringIndexOf(prefix, name) !== -1) {
      return nameLength === 0 ? `${prefix}: ${stack}` : prefix + StringSlice(stack, nameLength);
    }
    return `${prefix} [${name}]${StringSlice(stack, nameLength)}`;
  }

  // The error name a stack starts with ("TypeError" in "TypeError: x\n    at"),
  // or '' when the stack does not start like that.
  function leadingErrorName(stack) {
    const n = stack.length;
    let end = 0;
    while (end < n) {
      const c = StringCharCodeAt(stack, end);
      const nameChar = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ||
        c === 95 || c === 45 || c === 32 || c === 40 || c === 41 || c === 91 || c === 93; // _ - space ( ) [ ]
      if (!nameChar) break;
      end++;
    }
    const name = StringSlice(stack, 0, end);
    if (end === n) {
      // The whole stack is a bare name, e.g. "RangeError".
      return StringIndexOf(name, ' ') === -1 && StringEndsWith(name, 'Error') ? name : '';
    }
    const first = StringCharCodeAt(stack, 0);
    if (end < 2 || first < 65 || first > 90) return '';
    if (stack[end] === ':') return name;
    if (stack[end] === '\n' && RegExpExec(/^\n\s+at/, StringSlice(stack, end)) !== null) return name;
    return '';
  }

  function splitLines(text) {
    const lines = [];
    let start = 0;
    let nl = StringIndexOf(text, '\n');
    while (nl !== -1) {
      push(lines, StringSlice(text, start, nl));
      start = nl + 1;
      nl = StringIndexOf(text, '\n', start);
    }
    push(lines, StringSlice(text, start));
    return lines;
  }

  // Stack frames of `err`; a run of at least four frames that also appears in
  // the stack of `err.cause` is shortened to its first and last frame.
  function framesWithoutCause(st, err, framesText) {
    const frames = splitLines(framesText);
    let cause;
    try {
      cause = err.cause;
    } catch {
      return frames;
    }
    if (cause === null || typeof cause !== 'object' ||
        !(natTypeTag(cause) === 'Error' || safeInstanceOf(cause, ErrorCtor))) {
      return frames;
    }
    const causeStack = stackTextOf(cause);
    const causeFramesAt = StringIndexOf(causeStack, '\n    at');
    if (causeFramesAt === -1) return frames;
    const causeFrames = splitLines(StringSlice(causeStack, causeFramesAt + 1));
    for (let i = 0; i < frames.length; i++) {
      const j = ArrayIndexOf(causeFrames, frames[i]);
      if (j === -1) continue;
      let run = 1;
      while (i + run < frames.length && j + run < causeFrames.length &&
             frames[i + run] === causeFrames[j + run]) {
        run++;
      }
      if (run >= 4) {
        const skipped = run - 2;
        const note = st.stylize(`    ... ${skipped} lines matching cause stack trace ...`, 'undefined');
        ArraySplice(frames, i + 1, skipped, note);
        break;
      }
    }
    return frames;
  }

  // ---------------------------------------------------------------------------
  // Entry producers
  // ---------------------------------------------------------------------------

  function noEntries() {
    return [];
  }

  function arrayEntries(st, arr, level) {
    const len = arr.length;
    const limit = MathMin(MathMax(0, st.maxArrayLength), len);
    const output = [];
    for (let i = 0; i < limit; i++) {
      if (!hasOwn(arr, i)) return sparseArrayEntries(st, arr, level, limit, output, i);
      push(output, formatProperty(st, arr, level, i, true));
    }
    if (len > limit) push(output, moreItemsText(len - limit));
    return output;
  }

  // Arrays with holes: runs of missing indices become '<N empty items>', and
  // such a run counts as one entry towards maxArrayLength.
  function sparseArrayEntries(st, arr, level, limit, output, firstHole) {
    const keys = ObjectKeys(arr); // indices first, ascending
    let expected = firstHole;
    for (let k = firstHole; k < keys.length && output.length < limit; k++) {
      const key = keys[k];
      if (!isArrayIndexKey(key)) break;
      const index = +key;
      if (index !== expected) {
        push(output, emptyItemsText(st, index - expected));
        expected = index;
        if (output.length === limit) break;
      }
      push(output, formatProperty(st, arr, level, key, true));
      expected++;
    }
    const rest = arr.length - expected;
    if (output.length !== limit) {
      if (rest > 0) push(output, emptyItemsText(st, rest));
    } else if (rest > 0) {
      push(output, moreItemsText(rest));
    }
    return output;
  }

  function emptyItemsText(st, n) {
    return st.stylize(`<${n} empty item${n > 1 ? 's' : ''}>`, 'undefined');
  }

  function typedArrayEntries(st, view, level) {
    const len = TypedArrayLength(view);
    const limit = MathMin(MathMax(0, st.maxArrayLength), len);
    const output = [];
    for (let i = 0; i < limit; i++) {
      const v = view[i];
      push(output, typeof v === 'number' ?
        formatNumber(st.stylize, v, st.numericSeparator) :
        formatBigInt(st.stylize, v, st.numericSeparator));
    }
    if (len > limit) push(output, moreItemsText(len - limit));
    if (st.showHidden) {
      st.indent += 2;
      const hidden = ['BYTES_PER_ELEMENT', 'length', 'byteLength', 'byteOffset', 'buffer'];
      for (let i = 0; i < hidden.length; i++) {
        push(output, `[${hidden[i]}]: ${formatValue(st, view[hidden[i]], level, true)}`);
      }
      st.indent -= 2;
    }
    return output;
  }

  function setEntries(st, set, level) {
    const size = SetSize(set);
    const limit = MathMin(MathMax(0, st.maxArrayLength), size);
    const output = [];
    const it = SetValues(set);
    st.indent += 2;
    for (let i = 0; i < limit; i++) {
      push(output, formatValue(st, SetIteratorNext(it).value, level));
    }
    st.indent -= 2;
    if (size > limit) push(output, moreItemsText(size - limit));
    return output;
  }

  function mapEntries(st, map, level) {
    const size = MapSize(map);
    const limit = MathMin(MathMax(0, st.maxArrayLength), size);
    const output = [];
    const it = MapEntries(map);
    st.indent += 2;
    for (let i = 0; i < limit; i++) {
      const entry = MapIteratorNext(it).value;
      push(output, `${formatValue(st, entry[0], level)} => ${formatValue(st, entry[1], level)}`);
    }
    st.indent -= 2;
    if (size > limit) push(output, moreItemsText(size - limit));
    return output;
  }

  // Map/Set iterators show their remaining entries without advancing.
  function iteratorEntries(st, level, entries, keyValue) {
    const count = keyValue ? entries.length / 2 : entries.length;
    const limit = MathMin(MathMax(0, st.maxArrayLength), count);
    const output = [];
    st.indent += 2;
    for (let i = 0; i < limit; i++) {
      if (keyValue) {
        const pair = [formatValue(st, entries[2 * i], level), formatValue(st, entries[2 * i + 1], level)];
        push(output, layoutEntries(st, pair, '', '[', ']', true, level));
      } else {
        push(output, formatValue(st, entries[i], level));
      }
    }
    st.indent -= 2;
    if (count > limit) push(output, moreItemsText(count - limit));
    return output;
  }

  function promiseEntries(st, promise, level) {
    const details = natPromiseState(promise);
    if (details[0] === 0) return [st.stylize('<pending>', 'special')];
    st.indent += 2;
    const text = formatValue(st, details[1], level);
    st.indent -= 2;
    return [details[0] === 2 ? `${st.stylize('<rejected>', 'special')} ${text}` : text];
  }

  function weakEntries(st) {
    return [st.stylize('<items unknown>', 'special')];
  }

  function bufferByteLength(buffer, type) {
    return type === 'SharedArrayBuffer' ? SharedArrayBufferByteLength(buffer) : ArrayBufferByteLength(buffer);
  }

  const hexDigits = '0123456789abcdef';

  function bufferEntries(st, buffer) {
    let bytes;
    try {
      bytes = new Uint8ArrayCtor(buffer);
    } catch {
      return [st.stylize('(detached)', 'special')];
    }
    const len = TypedArrayLength(bytes);
    const shown = MathMin(MathMax(0, st.maxArrayLength), len);
    let hex = '';
    for (let i = 0; i < shown; i++) {
      const b = bytes[i];
      hex += (i === 0 ? '' : ' ') + hexDigits[b >> 4] + hexDigits[b & 15];
    }
    const rest = len - st.maxArrayLength;
    if (rest > 0) hex += ` ... ${rest} more byte${rest > 1 ? 's' : ''}`;
    return [`${st.stylize('[Uint8Contents]', 'special')}: <${hex}>`];
  }

  function namespaceEntries(st, ns, level, names) {
    const output = [];
    for (let i = 0; i < names.length; i++) {
      try {
        push(output, formatProperty(st, ns, level, names[i], false));
      } catch (err) {
        // Bindings still in their temporal dead zone throw ReferenceError.
        if (!(err !== null && typeof err === 'object' && err.name === 'ReferenceError')) throw err;
        push(output, `${keyText(st, names[i], true)}: ${st.stylize('<uninitialized>', 'special')}`);
      }
    }
    return output;
  }

  // ---------------------------------------------------------------------------
  // Properties
  // ---------------------------------------------------------------------------

  // Symbol and non-enumerable keys are shown in brackets, escaped as if in
  // single quotes but without the quotes.
  function keyText(st, key, enumerable) {
    if (typeof key === 'symbol') return `[${st.stylize(escapeString(SymbolToString(key), 39), 'symbol')}]`;
    if (key === '__proto__') return "['__proto__']";
    if (!enumerable) return `[${escapeString(key, 39)}]`;
    if (RegExpExec(/^[a-zA-Z_][a-zA-Z_0-9]*$/, key) !== null) return st.stylize(key, 'name');
    return st.stylize(quoteString(key), 'string');
  }

  function formatProperty(st, obj, level, key, arrayLike) {
    const desc = ObjectGetOwnPropertyDescriptor(obj, key) || { value: obj[key], enumerable: true };
    let text;
    let separator = ' ';
    if (desc.value !== undefined) {
      // compact: true indents nested object members by 3 and moves values
      // wider than breakLength to the next line.
      const step = st.compact === true && !arrayLike ? 3 : 2;
      st.indent += step;
      text = formatValue(st, desc.value, level);
      if (step === 3 && st.breakLength < displayWidth(text, st.colors)) separator = `\n${spaces(st.indent)}`;
      st.indent -= step;
    } else if (desc.get !== undefined) {
      const label = desc.set !== undefined ? 'Getter/Setter' : 'Getter';
      const getters = st.getters;
      if (getters && (getters === true ||
                      (getters === 'get' && desc.set === undefined) ||
                      (getters === 'set' && desc.set !== undefined))) {
        text = getterValueText(st, obj, level, desc.get, label);
      } else {
        text = st.stylize(`[${label}]`, 'special');
      }
    } else if (desc.set !== undefined) {
      text = st.stylize('[Setter]', 'special');
    } else {
      text = st.stylize('undefined', 'undefined');
    }
    if (arrayLike) return text;
    return `${keyText(st, key, desc.enumerable)}:${separator}${text}`;
  }

  function getterValueText(st, obj, level, get, label) {
    const s = st.stylize;
    try {
      const v = ReflectApply(get, obj, []);
      st.indent += 2;
      let text;
      if (v === null) text = `${s(`[${label}:`, 'special')} ${s('null', 'null')}${s(']', 'special')}`;
      else if (typeof v === 'object') text = `${s(`[${label}]`, 'special')} ${formatValue(st, v, level)}`;
      else text = `${s(`[${label}:`, 'special')} ${formatPrimitive(s, v, st)}${s(']', 'special')}`;
      st.indent -= 2;
      return text;
    } catch (err) {
      return `${s(`[${label}:`, 'special')} <Inspection threw (${err.message})>${s(']', 'special')}`;
    }
  }

  // ---------------------------------------------------------------------------
  // Layout: one line, one entry per line, or array elements in columns
  // ---------------------------------------------------------------------------

  function visibleLength(st, text) {
    return st.colors ? stripAnsi(text).length : text.length;
  }

  function layoutEntries(st, output, head, open, close, arrayLike, level, source) {
    const headPart = head === '' ? '' : `${head} `;
    if (st.compact !== true) {
      if (typeof st.compact === 'number' && st.compact >= 1) {
        const count = output.length;
        if (arrayLike && count > 6) output = arrangeInColumns(st, output, source);
        if (st.lastLevel - level < st.compact && count === output.length) {
          // One line if everything (plus some slack for the surrounding
          // structure) fits within breakLength.
          const n = output.length;
          let total = 2 * n + st.indent + open.length + head.length + 10;
          let fits = total + n <= st.breakLength;
          for (let i = 0; fits && i < n; i++) {
            total += visibleLength(st, output[i]);
            if (total > st.breakLength) fits = false;
          }
          if (fits && StringIndexOf(head, '\n') === -1) {
            const joined = ArrayJoin(output, ', ');
            if (StringIndexOf(joined, '\n') === -1) return `${headPart}${open} ${joined} ${close}`;
          }
        }
      }
      const nl = `\n${spaces(st.indent)}`;
      return `${headPart}${open}${nl}  ${ArrayJoin(output, `,${nl}  `)}${nl}${close}`;
    }
    return compactTrueLayout(st, output, head, open, close);
  }

  // Layout used with { compact: true } (Node's historic style).
  function compactTrueLayout(st, output, head, open, close) {
    let total = output.length;
    let fits = total + output.length <= st.breakLength;
    for (let i = 0; fits && i < output.length; i++) {
      total += visibleLength(st, output[i]);
      if (total > st.breakLength) fits = false;
    }
    const headPart = head === '' ? '' : ` ${head}`;
    if (fits && StringIndexOf(head, '\n') === -1) {
      return `${open}${headPart} ${ArrayJoin(output, ', ')} ${close}`;
    }
    const nl = `\n${spaces(st.indent)}`;
    const first = head === '' && open.length === 1 ? ' ' : `${headPart}${nl}  `;
    return `${open}${first}${ArrayJoin(output, `,${nl}  `)} ${close}`;
  }

  // Arrays with many short entries are printed in aligned columns. The
  // number of columns aims for a roughly square block (a character being
  // about 2.5 times as tall as it is wide), biased towards more columns for
  // short entries; at most 15 columns and never wider than breakLength.
  function arrangeInColumns(st, output, source) {
    const total = output.length;
    // When the output is longer than maxArrayLength, its last entry is the
    // "... more items" line, which stays on its own line.
    const count = st.maxArrayLength < total ? total - 1 : total;
    const widths = [];
    let widthSum = 0;
    let widest = 0;
    for (let i = 0; i < count; i++) {
      const w = displayWidth(output[i], st.colors);
      widths[i] = w;
      widthSum += w + 2; // entry plus ', '
      if (w > widest) widest = w;
    }
    const cell = widest + 2;
    // Need room for three columns, and avoid huge gaps when a few entries
    // are much longer than the rest.
    if (cell * 3 + st.indent >= st.breakLength || !(widthSum / cell > 5 || widest <= 6)) {
      return output;
    }
    const bias = MathSqrt(cell - widthSum / total);
    const effective = MathMax(cell - 3 - bias, 1);
    const columns = MathMin(
      MathRound(MathSqrt(2.5 * effective * count) / effective),
      MathFloor((st.breakLength - st.indent) / cell),
      st.compact * 4,
      15);
    if (columns <= 1) return output;

    const columnWidths = [];
    for (let c = 0; c < columns; c++) {
      let w = 0;
      for (let i = c; i < count; i += columns) if (widths[i] > w) w = widths[i];
      push(columnWidths, w + 2);
    }
    // Numbers are right-aligned, anything else left-aligned.
    let alignRight = source !== undefined;
    if (alignRight) {
      for (let i = 0; i < total; i++) {
        const t = typeof source[i];
        if (t !== 'number' && t !== 'bigint') {
          alignRight = false;
          break;
        }
      }
    }
    const rows = [];
    for (let start = 0; start < count; start += columns) {
      const end = MathMin(start + columns, count);
      let line = '';
      for (let i = start; i < end; i++) {
        // Padding is computed on display width; add back invisible chars.
        const extra = output[i].length - widths[i];
        const isLast = i === end - 1;
        if (!isLast) {
          const pad = columnWidths[i - start] + extra;
          line += alignRight ? StringPadStart(`${output[i]}, `, pad) : StringPadEnd(`${output[i]}, `, pad);
        } else if (alignRight) {
          line += StringPadStart(output[i], columnWidths[i - start] - 2 + extra);
        } else {
          line += output[i];
        }
      }
      push(rows, line);
    }
    if (count < total) push(rows, output[count]);
    return rows;
  }

  // ---------------------------------------------------------------------------
  // Public: inspect
  // ---------------------------------------------------------------------------

  function inspect(value, opts) {
    let options = opts;
    if (typeof opts !== 'object' || opts === null) {
      // Legacy signature: inspect(value, showHidden, depth, colors)
      options = { __proto__: null };
      if (typeof opts === 'boolean') options.showHidden = opts;
      if (arguments.length >= 3 && arguments[2] !== undefined) options.depth = arguments[2];
      if (arguments.length >= 4 && arguments[3] !== undefined) options.colors = arguments[3];
    }
    return formatValue(createState(options), value, 0);
  }
  inspect.custom = customInspectSymbol;
  inspect.defaultOptions = ObjectFreeze({ ...defaultOptions });

  // ---------------------------------------------------------------------------
  // Public: format
  // ---------------------------------------------------------------------------

  // Whether `%s` should inspect `value` rather than call String() on it: true
  // unless the object's toString comes from a user-defined class or the object
  // itself.
  function usesBuiltInToString(value) {
    if (natTypeTag(value) === 'Proxy') {
      const target = natProxyTarget(value);
      if (target === null || target === undefined) return true;
      value = target;
    }
    if (typeof value.toString !== 'function') return true;
    if (hasOwn(value, 'toString')) return false;
    let holder = value;
    do {
      holder = ObjectGetPrototypeOf(holder);
    } while (holder !== null && !hasOwn(holder, 'toString'));
    if (holder === null) return true;
    const desc = ObjectGetOwnPropertyDescriptor(holder, 'constructor');
    return desc !== undefined && typeof desc.value === 'function' && MapHas(builtInNames, desc.value.name);
  }

  function jsonOf(value) {
    try {
      return JSONStringify(value);
    } catch (err) {
      if (err !== null && typeof err === 'object' && err.name === 'TypeError' &&
          typeof err.message === 'string' && StringIndexOf(err.message, 'circular structure') !== -1) {
        return '[Circular]';
      }
      throw err;
    }
  }

  function formatWithOptionsImpl(inspectOptions, args) {
    const first = args[0];
    let used = 0; // index of the last argument consumed by the format string
    let out = '';
    let separator = '';
    if (typeof first === 'string') {
      if (args.length === 1) return first;
      let copiedUpTo = 0; // first[0, copiedUpTo) is already in `out`
      for (let i = 0; i < first.length - 1; i++) {
        if (StringCharCodeAt(first, i) !== 37) continue; // '%'
        const spec = first[++i];
        if (used + 1 === args.length) {
          // No arguments left: only '%%' is still replaced.
          if (spec === '%') {
            out += StringSlice(first, copiedUpTo, i);
            copiedUpTo = i + 1;
          }
          continue;
        }
        let text;
        switch (spec) {
          case 's': {
            const arg = args[++used];
            if (typeof arg === 'number') text = formatNumber(stylizeNoColor, arg, false);
            else if (typeof arg === 'bigint') text = formatBigInt(stylizeNoColor, arg, false);
            else if (typeof arg !== 'object' || arg === null || !usesBuiltInToString(arg)) text = StringCtor(arg);
            else text = inspect(arg, { ...inspectOptions, depth: 0, colors: false, compact: 3 });
            break;
          }
          case 'j':
            text = jsonOf(args[++used]);
            break;
          case 'd': {
            const arg = args[++used];
            if (typeof arg === 'bigint') text = formatBigInt(stylizeNoColor, arg, false);
            else if (typeof arg === 'symbol') text = 'NaN';
            else text = formatNumber(stylizeNoColor, NumberCtor(arg), false);
            break;
          }
          case 'O':
            text = inspect(args[++used], inspectOptions);
            break;
          case 'o':
            text = inspect(args[++used], { ...inspectOptions, showHidden: true, showProxy: true, depth: 4 });
            break;
          case 'i': {
            const arg = args[++used];
            if (typeof arg === 'bigint') text = formatBigInt(stylizeNoColor, arg, false);
            else if (typeof arg === 'symbol') text = 'NaN';
            else text = formatNumber(stylizeNoColor, NumberParseInt(arg), false);
            break;
          }
          case 'f': {
            const arg = args[++used];
            text = typeof arg === 'symbol' ? 'NaN' : formatNumber(stylizeNoColor, NumberParseFloat(arg), false);
            break;
          }
          case 'c':
            used++;
            text = '';
            break;
          case '%':
            out += StringSlice(first, copiedUpTo, i);
            copiedUpTo = i + 1;
            continue;
          default:
            continue;
        }
        if (copiedUpTo !== i - 1) out += StringSlice(first, copiedUpTo, i - 1);
        out += text;
        copiedUpTo = i + 1;
      }
      if (copiedUpTo !== 0) {
        used++;
        separator = ' ';
        if (copiedUpTo < first.length) out += StringSlice(first, copiedUpTo);
      }
    }
    for (; used < args.length; used++) {
      const value = args[used];
      out += separator;
      out += typeof value !== 'string' ? inspect(value, inspectOptions) : value;
      separator = ' ';
    }
    return out;
  }

  function format(...args) {
    return formatWithOptionsImpl(undefined, args);
  }

  function formatWithOptions(inspectOptions, ...args) {
    return formatWithOptionsImpl(inspectOptions, args);
  }

  // ---------------------------------------------------------------------------
  // Public: console
  // ---------------------------------------------------------------------------

  function pad2(n) {
    return StringPadStart(`${n}`, 2, '0');
  }

  // 12.345ms, 1.234s, 1:02.345 (m:ss.mmm), 1:02:03.456 (h:mm:ss.mmm)
  function formatDuration(ms) {
    if (ms < 1000) return `${NumberCtor(NumberToFixed(ms, 3))}ms`;
    if (ms < 60000) return `${NumberToFixed(ms / 1000, 3)}s`;
    let hours = 0;
    if (ms >= 3600000) {
      hours = MathFloor(ms / 3600000);
      ms %= 3600000;
    }
    const minutes = MathFloor(ms / 60000);
    const seconds = NumberToFixed((ms % 60000) / 1000, 3);
    const dot = StringIndexOf(seconds, '.');
    const secText = `${pad2(StringSlice(seconds, 0, dot))}${StringSlice(seconds, dot)}`;
    if (hours !== 0) return `${hours}:${pad2(minutes)}:${secText} (h:mm:ss.mmm)`;
    return `${minutes}:${secText} (m:ss.mmm)`;
  }

  const tableChars = {
    middleMiddle: '─',
    rowMiddle: '┼',
    topRight: '┐',
    topLeft: '┌',
    leftMiddle: '├',
    topMiddle: '┬',
    bottomRight: '┘',
    bottomLeft: '└',
    bottomMiddle: '┴',
    rightMiddle: '┤',
    left: '│ ',
    right: ' │',
    middle: ' │ ',
  };

  // Draw a box table. `columns` is an array of columns, each an array of cell
  // strings (missing cells are blank); `head` holds the column titles.
  function drawTable(head, columns) {
    const widths = [];
    let rowCount = 0;
    for (let c = 0; c < head.length; c++) {
      const column = columns[c];
      let w = displayWidth(head[c], true);
      if (column.length > rowCount) rowCount = column.length;
      for (let r = 0; r < column.length; r++) {
        const cellText = column[r];
        if (cellText !== undefined) {
          const cw = displayWidth(cellText, true);
          if (cw > w) w = cw;
        }
      }
      push(widths, w + 2);
    }
    const rule = (left, mid, right) => {
      const parts = [];
      for (let c = 0; c < widths.length; c++) push(parts, StringRepeat(tableChars.middleMiddle, widths[c]));
      return left + ArrayJoin(parts, mid) + right;
    };
    const row = (cells) => {
      const parts = [];
      for (let c = 0; c < widths.length; c++) {
        const text = cells[c] === undefined ? '' : cells[c];
        push(parts, text + spaces(widths[c] - 2 - displayWidth(text, true)));
      }
      return tableChars.left + ArrayJoin(parts, tableChars.middle) + tableChars.right;
    };
    let out = rule(tableChars.topLeft, tableChars.topMiddle, tableChars.topRight) + '\n';
    out += row(head) + '\n';
    out += rule(tableChars.leftMiddle, tableChars.rowMiddle, tableChars.rightMiddle) + '\n';
    for (let r = 0; r < rowCount; r++) {
      const cells = [];
      for (let c = 0; c < columns.length; c++) push(cells, columns[c][r]);
      out += row(cells) + '\n';
    }
    out += rule(tableChars.bottomLeft, tableChars.bottomMiddle, tableChars.bottomRight);
    return out;
  }

  function createConsole(write, consoleOptions) {
    const colorsFor = (fd) => {
      const c = consoleOptions !== undefined && consoleOptions !== null ? consoleOptions.colors : undefined;
      return typeof c === 'function' ? !!c(fd) : !!c;
    };
    const inspectOptionsFor = (fd) => (colorsFor(fd) ? { colors: true } : undefined);
    const warn = consoleOptions !== undefined && consoleOptions !== null &&
      typeof consoleOptions.onWarning === 'function' ?
      consoleOptions.onWarning : (msg) => write(2, `Warning: ${msg}\n`);

    let groupIndent = '';
    const counts = new MapCtor();
    const timers = new MapCtor();

    function emit(fd, text) {
      if (groupIndent !== '') {
        if (StringIndexOf(text, '\n') !== -1) text = replaceAllText(text, '\n', `\n${groupIndent}`);
        text = groupIndent + text;
      }
      write(fd, `${text}\n`);
    }

    const toStdout = (args) => emit(1, formatWithOptionsImpl(inspectOptionsFor(1), args));
    const toStderr = (args) => emit(2, formatWithOptionsImpl(inspectOptionsFor(2), args));

    function log(...args) { toStdout(args); }
    function warnFn(...args) { toStderr(args); }

    function trace(...args) {
      const err = { name: 'Trace', message: formatWithOptionsImpl(inspectOptionsFor(2), args) };
      let stack;
      if (typeof ErrorCaptureStackTrace === 'function') {
        ErrorCaptureStackTrace(err, trace);
        stack = err.stack;
      } else {
        const lines = splitLines(`${new ErrorCtor().stack}`);
        const header = err.message === '' ? 'Trace' : `Trace: ${err.message}`;
        stack = header + (lines.length > 2 ? '\n' + ArrayJoin(ArraySlice(lines, 2), '\n') : '');
      }
      emit(2, `${stack}`);
    }

    function timeLogImpl(name, label, data) {
      const start = MapGet(timers, label);
      if (start === undefined) {
        warn(`No such label '${label}' for console.${name}()`);
        return false;
      }
      const formatted = formatDuration(natNow() - start);
      const args = ['%s: %s', label, formatted];
      if (data !== undefined) for (let i = 0; i < data.length; i++) push(args, data[i]);
      toStdout(args);
      return true;
    }

    const con = {
      log,
      info: log,
      debug: log,
      dirxml: log,
      warn: warnFn,
      error: warnFn,
      trace,
      dir(object, options) {
        emit(1, inspect(object, { customInspect: false, ...inspectOptionsFor(1), ...options }));
      },
      assert(expression, ...args) {
        if (!expression) {
          args[0] = `Assertion failed${args.length === 0 ? '' : `: ${args[0]}`}`;
          toStderr(args);
        }
      },
      count(label = 'default') {
        label = `${label}`;
        const n = (MapGet(counts, label) || 0) + 1;
        MapSet(counts, label, n);
        toStdout([`${label}: ${n}`]);
      },
      countReset(label = 'default') {
        label = `${label}`;
        if (!MapHas(counts, label)) {
          warn(`Count for '${label}' does not exist`);
          return;
        }
        MapDelete(counts, label);
      },
      time(label = 'default') {
        label = `${label}`;
        if (MapHas(timers, label)) {
          warn(`Label '${label}' already exists for console.time()`);
          return;
        }
        MapSet(timers, label, natNow());
      },
      timeEnd(label = 'default') {
        label = `${label}`;
        if (timeLogImpl('timeEnd', label)) MapDelete(timers, label);
      },
      timeLog(label = 'default', ...data) {
        label = `${label}`;
        timeLogImpl('timeLog', label, data);
      },
      group(...data) {
        if (data.length > 0) toStdout(data);
        groupIndent += '  ';
      },
      groupCollapsed(...data) {
        if (data.length > 0) toStdout(data);
        groupIndent += '  ';
      },
      groupEnd() {
        groupIndent = StringSlice(groupIndent, 0, MathMax(0, groupIndent.length - 2));
      },
      table(data, properties) {
        if (properties !== undefined && !ArrayIsArray(properties)) {
          const err = new TypeErrorCtor('The "properties" argument must be an instance of Array.' +
            ` Received ${properties === null ? 'null' : `type ${typeof properties} (${inspect(properties)})`}`);
          err.code = 'ERR_INVALID_ARG_TYPE';
          throw err;
        }
        if (data === null || typeof data !== 'object') {
          toStdout([data]);
          return;
        }
        emit(1, renderTable(data, properties, inspectOptionsFor(1)));
      },
      clear() {},
    };
    return con;
  }

  // console.table: rows are the object's keys (or iteration order for
  // Map/Set), columns the union of the row objects' keys, plus 'Values' for
  // primitive rows.
  function renderTable(data, properties, inspectOptions) {
    const cellText = (v) => {
      const deep = v !== null && typeof v === 'object' && !ArrayIsArray(v) && ObjectKeys(v).length > 2;
      return inspect(v, { depth: deep ? -1 : 0, maxArrayLength: 3, breakLength: Infinity, ...inspectOptions });
    };
    const counting = (n) => {
      const out = [];
      for (let i = 0; i < n; i++) push(out, cellText(i));
      return out;
    };

    let type = natTypeTag(data);
    let keyValue = false;
    let items;
    if (type === 'MapIterator' && natPreviewEntries !== undefined) {
      const preview = natPreviewEntries(data);
      items = preview[0];
      keyValue = preview[1];
    }
    if (keyValue || type === 'Map') {
      const keyCells = [];
      const valueCells = [];
      if (type === 'Map') {
        const it = MapEntries(data);
        for (let i = MapSize(data); i > 0; i--) {
          const e = MapIteratorNext(it).value;
          push(keyCells, cellText(e[0]));
          push(valueCells, cellText(e[1]));
        }
      } else {
        for (let i = 0; i < items.length; i += 2) {
          push(keyCells, cellText(items[i]));
          push(valueCells, cellText(items[i + 1]));
        }
      }
      return drawTable(['(iteration index)', 'Key', 'Values'], [counting(keyCells.length), keyCells, valueCells]);
    }
    if (type === 'SetIterator' && natPreviewEntries !== undefined) {
      items = natPreviewEntries(data)[0];
    } else if (type === 'Set') {
      items = [];
      const it = SetValues(data);
      for (let i = SetSize(data); i > 0; i--) push(items, SetIteratorNext(it).value);
    } else if (type === 'MapIterator') {
      items = undefined;
    }
    if (items !== undefined) {
      const valueCells = [];
      for (let i = 0; i < items.length; i++) push(valueCells, cellText(items[i]));
      return drawTable(['(iteration index)', 'Values'], [counting(valueCells.length), valueCells]);
    }

    const columnsByKey = new MapCtor();
    const columnKeys = [];
    let hasPrimitives = false;
    const primitiveCells = [];
    const rowKeys = ObjectKeys(data);
    for (let r = 0; r < rowKeys.length; r++) {
      const item = data[rowKeys[r]];
      const primitive = item === null || (typeof item !== 'function' && typeof item !== 'object');
      if (properties === undefined && primitive) {
        hasPrimitives = true;
        primitiveCells[r] = cellText(item);
        continue;
      }
      const keys = properties || ObjectKeys(item);
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k];
        let column = MapGet(columnsByKey, key);
        if (column === undefined) {
          column = [];
          MapSet(columnsByKey, key, column);
          push(columnKeys, key);
        }
        column[r] = (primitive && properties) || !hasOwn(item, key) ? '' : cellText(item[key]);
      }
    }
    const head = ['(index)'];
    const columns = [rowKeys];
    for (let i = 0; i < columnKeys.length; i++) {
      push(head, `${columnKeys[i]}`);
      push(columns, MapGet(columnsByKey, columnKeys[i]));
    }
    if (hasPrimitives) {
      push(head, 'Values');
      push(columns, primitiveCells);
    }
    return drawTable(head, columns);
  }

  return { inspect, format, formatWithOptions, createConsole };
})
