// Compares runtime/js/console.js (inspect, format, console) with Node's own
// util.inspect / util.format / console for a large table of values.
//
//   node test/js/console_test.js        (exit 0 and "N passed, 0 failed")
//
// The natives that the C++ host provides are implemented here with Node's
// util.types and, for what only V8 can tell (promise state, proxy target,
// iterator previews), Node's internal util binding; the script re-runs itself
// with --expose-internals to reach it.
//
// Every inspect case runs twice: once with the values and console.js loaded
// in Node's main context, and once inside a fresh vm context that has no Node
// globals at all (no require, process, Buffer), with values created there.
//
// The expected outputs come from the Node running the test; they were
// checked against Node 20 (other major versions format a few things
// differently, e.g. console.table alignment).
//
// Known differences from Node (excluded from the comparison):
//  - With colors: true, Node greys stack frames of its own core modules and of
//    the working directory and underlines node_modules package names; here
//    stack frames are never coloured (the host has no such frames).
//  - `showProxy` (also used by %o) needs the optional natives.proxyHandler;
//    without it a proxy is shown as its target.
//  - Objects whose prototype chain has no usable constructor print V8's
//    internal class name (`F <[Object: null prototype] {}> {}`) only when the
//    optional natives.className is given; otherwise 'Object'.
//  - Non-ASCII column widths use a built-in East Asian Width table instead of
//    ICU; results agree for CJK and common emoji.
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const path = require('path');
const util = require('util');
const vm = require('vm');
const { Writable } = require('stream');

let binding;
try {
  binding = require('internal/test/binding').internalBinding('util');
} catch {
  // Not started with --expose-internals: run again with it.
  const res = childProcess.spawnSync(process.execPath,
    ['--expose-internals', '--no-warnings', __filename, ...process.argv.slice(2)],
    { stdio: 'inherit' });
  process.exit(res.status === null ? 1 : res.status);
}
const { formatTime: nodeFormatTime } = require('internal/console/constructor');

const source = fs.readFileSync(path.join(__dirname, '..', '..', 'runtime', 'js', 'console.js'), 'utf8');
const types = util.types;
if (process.versions.node.split('.')[0] !== '20') {
  console.error(`warning: expected outputs assume Node 20, this is Node ${process.versions.node}`);
}
const verbose = process.argv.includes('-v');

// ---------------------------------------------------------------------------
// Natives, as the host provides them
// ---------------------------------------------------------------------------

function makeNatives(overrides) {
  const fnToString = Function.prototype.toString;
  return {
    typeTag(v) {
      if (types.isProxy(v)) return 'Proxy';
      if (types.isMap(v)) return 'Map';
      if (types.isSet(v)) return 'Set';
      if (types.isWeakMap(v)) return 'WeakMap';
      if (types.isWeakSet(v)) return 'WeakSet';
      if (types.isDate(v)) return 'Date';
      if (types.isRegExp(v)) return 'RegExp';
      if (types.isNativeError(v)) return 'Error';
      if (types.isPromise(v)) return 'Promise';
      if (types.isArrayBuffer(v)) return 'ArrayBuffer';
      if (types.isSharedArrayBuffer(v)) return 'SharedArrayBuffer';
      if (types.isDataView(v)) return 'DataView';
      if (types.isTypedArray(v)) return 'TypedArray';
      if (types.isMapIterator(v)) return 'MapIterator';
      if (types.isSetIterator(v)) return 'SetIterator';
      if (types.isGeneratorObject(v)) return 'Generator';
      if (types.isNumberObject(v)) return 'BoxedNumber';
      if (types.isStringObject(v)) return 'BoxedString';
      if (types.isBooleanObject(v)) return 'BoxedBoolean';
      if (types.isSymbolObject(v)) return 'BoxedSymbol';
      if (types.isBigIntObject(v)) return 'BoxedBigInt';
      if (types.isArgumentsObject(v)) return 'Arguments';
      if (types.isModuleNamespaceObject(v)) return 'ModuleNamespace';
      return '';
    },
    functionKind(f) {
      // The host checks whether the source text starts with `class`.
      if (/^class\b/.test(fnToString.call(f))) return 'class';
      if (types.isAsyncFunction(f)) return types.isGeneratorFunction(f) ? 'asyncgenerator' : 'async';
      if (types.isGeneratorFunction(f)) return 'generator';
      return 'function';
    },
    promiseState(p) {
      return binding.getPromiseDetails(p);
    },
    proxyTarget(p) {
      return binding.getProxyDetails(p, false);
    },
    previewEntries(it) {
      return binding.previewEntries(it, true);
    },
    now() {
      return performance.now();
    },
    proxyHandler(p) {
      const details = binding.getProxyDetails(p, true);
      return details === undefined || details === null ? details : details[1];
    },
    className(obj) {
      return binding.getConstructorName(obj);
    },
    ownNonIndexKeys(obj, all) {
      return binding.getOwnNonIndexProperties(obj,
        all ? binding.constants.ALL_PROPERTIES : binding.constants.ONLY_ENUMERABLE);
    },
    ...overrides,
  };
}

// Main context: load the file as the host does (evaluate, call the result).
const lib = vm.runInThisContext(source, { filename: 'console.js' })(makeNatives());

// Fresh context without any Node globals. Here the optional natives are left
// out, so the JavaScript fallbacks get tested too.
const fresh = vm.createContext({});
const freshLib = vm.runInContext(source, fresh, { filename: 'console.js' })(
  makeNatives({ ownNonIndexKeys: undefined, proxyHandler: undefined, className: undefined }));

// ---------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------

let passed = 0;
let failed = 0;

function check(label, actual, expected) {
  if (actual === expected) {
    passed++;
    if (verbose) console.log(`ok   ${label}`);
    return;
  }
  failed++;
  console.log(`FAIL ${label}`);
  console.log('  ours:');
  console.log(indentBlock(actual));
  console.log('  node:');
  console.log(indentBlock(expected));
}

function indentBlock(text) {
  return String(text).split('\n').map((l) => `    |${l}`).join('\n');
}

function safe(fn) {
  try {
    return fn();
  } catch (err) {
    return `<threw ${err && err.stack}>`;
  }
}

// ---------------------------------------------------------------------------
// inspect cases: [source expression, options?]
// The expression is evaluated in the main context and in the fresh context.
// ---------------------------------------------------------------------------

const longText = 'x'.repeat(30);
const inspectCases = [
  // primitives
  ['1'], ['-0'], ['0'], ['-1.5'], ['NaN'], ['Infinity'], ['-Infinity'], ['1e21'], ['2 ** -40'],
  ['123n'], ['-5n'], ['true'], ['false'], ['undefined'], ['null'],
  ["'abc'"], ["''"], ['"it\'s"'], [`'a"b\\'c'`], [`'a"b\\'c\`d'`], [`'a"b\\'c\${d}'`],
  ["'\\n\\t\\r\\b\\f\\v\\0\\x01\\x1b\\x7f'"], ["'back\\\\slash'"], ["'\\u2028\\u2029\\u00a0é'"],
  ["'\\ud83d'"], ["'\\ude00x'"], ["'😀 ok'"], ["'中文'"],
  ["Symbol('a')"], ['Symbol()'], ["Symbol('a b')"], ["Symbol.iterator"], ["Symbol.for('x')"],
  ["'x'.repeat(20000)"],
  ["'long line\\n'.repeat(10)"],
  ["'a\\nb'"],
  [`'${longText}\\n${longText}\\n${longText}'`],
  [`'${'y'.repeat(90)}'`],
  // functions and classes
  ['function foo() {}'], ['function () {}'], ['() => 1'], ['async function af() {}'], ['async () => {}'],
  ['function* gen() {}'], ['async function* ag() {}'], ['class A {}'], ['class {}'],
  ['(() => { class A {} return class B extends A {}; })()'],
  ['(() => { function f() {} f.a = 1; f.b = "x"; return f; })()'],
  ['(() => { const f = function () {}; Object.defineProperty(f, "name", { value: "" }); return f; })()'],
  ['Object.setPrototypeOf(function g() {}, null)'],
  ['(() => { class A { static x = 1; static y = { z: 2 } } return A; })()'],
  ['class extends null {}'],
  ['Math.max'], ['[].push'], ['Object'], ['Map'],
  ['(() => { const f = () => {}; f[Symbol.toStringTag] = "T"; return f; })()'],
  ['({ class() {} }).class'],
  ['({ f() {}, g: function () {}, h: () => {}, [Symbol("s")]() {} })'],
  // arrays
  ['[]'], ['[1, 2, 3]'], ["['a', 'b']"], ['[[]]'], ['[[[[1]]]]'], ['[{}, [], new Map()]'],
  ['[1, , 3]'], ['[, , 1]'], ['[1, , , , 5]'], ['new Array(5)'], ['new Array(1)'], ['[1, 2, , ]'],
  ['(() => { const a = [1]; a[200] = 2; return a; })()'],
  ['(() => { const a = []; a[150] = 1; a.length = 400; return a; })()'],
  ['(() => { const a = Array.from({ length: 99 }, (_, i) => i); a[150] = 1; a.length = 200; return a; })()'],
  ['(() => { const a = [1, 2]; a.x = 1; a[Symbol("s")] = 2; return a; })()'],
  ['(() => { const a = []; a.foo = "bar"; return a; })()'],
  ['Array.from({ length: 7 }, (_, i) => i)'],
  ['Array.from({ length: 6 }, (_, i) => i)'],
  ['Array.from({ length: 26 }, (_, i) => i * i)'],
  ['Array.from({ length: 30 }, (_, i) => i * 1000)'],
  ['Array.from({ length: 100 }, (_, i) => i)'],
  ['Array.from({ length: 101 }, (_, i) => i)'],
  ['Array.from({ length: 300 }, (_, i) => i)'],
  ['Array.from({ length: 130 }, (_, i) => "s" + i)'],
  ['Array.from({ length: 30 }, (_, i) => "item number " + i)'],
  ['Array.from({ length: 12 }, (_, i) => "abcdefghijklmnopqrstuvwxyz".slice(0, i))'],
  ['Array.from({ length: 20 }, (_, i) => i % 3 ? i : "s" + i)'],
  ['Array.from({ length: 20 }, (_, i) => BigInt(i) * 1000n)'],
  ['Array.from({ length: 10 }, (_, i) => ({ id: i }))'],
  ['Array.from({ length: 10 }, (_, i) => ({ id: i, name: "name" + i, tags: ["a", "b"] }))'],
  ['Array.from({ length: 8 }, (_, i) => [i, i * 2])'],
  ['Array.from({ length: 16 }, (_, i) => i % 2 === 0)'],
  ['Array.from({ length: 10 }, (_, i) => i % 2 ? null : undefined)'],
  ['Array.from({ length: 40 }, (_, i) => "中".repeat(i % 4 + 1))'],
  ['Array.from({ length: 20 }, (_, i) => -i * 1.5)'],
  ['[1, 2, 3, 4, 5, 6, 7, "x"]'],
  ['[[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]]'],
  ['{ a: Array.from({ length: 30 }, (_, i) => i), b: { c: Array.from({ length: 10 }, (_, i) => "v" + i) } }'],
  ['(() => { const a = Array.from({ length: 100 }, (_, i) => i); a.extra = true; return a; })()'],
  ['(() => { const a = Array.from({ length: 120 }, (_, i) => i); a.extra = true; return a; })()'],
  ['new (class Foo extends Array {})(3)'],
  ['(() => { class MyArr extends Array {} return MyArr.from([1, 2]); })()'],
  ['Object.setPrototypeOf([1, 2], null)'],
  // objects
  ['({})'], ['({ a: 1 })'], ["({ a: 1, b: 'two', c: [3], d: { e: null } })"],
  ['({ a: { b: { c: { d: 1 } } } })'], ['({ a: { b: { c: {} } } })'], ['({ a: { b: { c: [] } } })'],
  ['({ a: { b: { c: { d: {} } } } })'],
  ['({ a: { b: { c: 1 } }, x: { y: { z: 2 } } })'],
  ["({ 'a-b': 1, $x: 2, _y: 3, '': 4, '1a': 5, \"it's\": 6, 7: 7, é: 8 })"],
  ["({ ['__proto__']: 1 })"],
  ['({ [Symbol("a")]: 1, [Symbol()]: 2, [Symbol.iterator]: 3 })'],
  ['Object.fromEntries(Array.from({ length: 12 }, (_, k) => ["k" + k, k]))'],
  ['Object.fromEntries(Array.from({ length: 5 }, (_, k) => ["key" + k, "value" + k]))'],
  ['Object.fromEntries(Array.from({ length: 4 }, (_, k) => ["key" + k, "x".repeat(14)]))'],
  ['Object.fromEntries(Array.from({ length: 4 }, (_, k) => ["key" + k, "x".repeat(15)]))'],
  ['({ a: "x".repeat(100) })'],
  ['({ a: "line one\\nline two\\nline three and a bit more text to make it long enough" })'],
  ['({ get a() { return 1; }, set b(v) {}, get c() { return 1; }, set c(v) {} })'],
  ['({ a: undefined, b: null })'],
  ['Object.create(null)'],
  ['Object.assign(Object.create(null), { a: 1, b: { c: 2 } })'],
  ['Object.create(Object.create(null))'],
  ['Object.create({})'],
  ['Object.create({ inherited: 1 })'],
  ['Object.create({}, { x: { value: 1, enumerable: false }, y: { value: 2, enumerable: true } })'],
  ['new (class Foo { constructor() { this.x = 1; this.y = [1, 2]; } })()'],
  ['new (class Foo {})()'],
  ['Object.create(class Bar {}.prototype)'],
  ['new (class { constructor() { this.a = 1; } })()'],
  ['(() => { class Foo {} return { a: { b: { c: new Foo() } } }; })()'],
  ['(() => { class Foo { constructor() { this.v = 1; } } return { a: { b: { c: new Foo() } } }; })()'],
  ['({ a: { b: { c: Object.create(null) } } })'],
  ['({ a: { b: { c: Object.assign(Object.create(null), { x: 1 }) } } })'],
  ['({ a: { b: { c: new Map([[1, 2]]) } } })'],
  ['({ a: { b: { c: [1] } } })'],
  ['({ [Symbol.toStringTag]: "foo" })'],
  ['Object.defineProperty({}, Symbol.toStringTag, { value: "foo" })'],
  ['Object.defineProperty({ a: 1 }, Symbol.toStringTag, { value: "foo" })'],
  ['new (class Foo { get [Symbol.toStringTag]() { return "Bar"; } })()'],
  ['new (class Foo { get [Symbol.toStringTag]() { return "Foo"; } })()'],
  ['(() => { const c = Object.create(null); Object.defineProperty(c, Symbol.toStringTag, { value: "X" }); return c; })()'],
  ['({ a: 1, [Symbol.for("nodejs.util.inspect.custom")]() { return "CUSTOM"; } })'],
  ['({ x: { [Symbol.for("nodejs.util.inspect.custom")]() { return { replaced: [1, 2] }; } } })'],
  ['({ x: { [Symbol.for("nodejs.util.inspect.custom")]() { return "l1\\nl2"; } } })'],
  ['({ x: { [Symbol.for("nodejs.util.inspect.custom")](d, o) { return `d=${d} depth=${o.depth} ${typeof o.stylize}`; } } })'],
  ['({ x: { [Symbol.for("nodejs.util.inspect.custom")](d, o, i) { return i({ inner: this.v }, o); }, v: 5 } })'],
  ['({ x: { [Symbol.for("nodejs.util.inspect.custom")]() { return this; }, q: 1 } })'],
  ['({ [Symbol.for("nodejs.util.inspect.custom")]: 1 })'],
  ['(() => { class P { [Symbol.for("nodejs.util.inspect.custom")]() { return "P!"; } } return [new P(), P.prototype]; })()'],
  ['({ a: { b: { c: { [Symbol.for("nodejs.util.inspect.custom")](d) { return String(d); } } } } })'],
  // circular
  ['(() => { const a = { name: "a" }; a.self = a; return a; })()'],
  ['(() => { const a = [1]; a.push(a); return a; })()'],
  ['(() => { const a = {}; const b = { a }; a.b = b; return { x: a, y: b }; })()'],
  ['(() => { const a = {}; a.self = a; return { x: a }; })()'],
  ['(() => { const a = {}; const b = {}; a.b = b; b.a = a; a.me = a; return [a, b]; })()'],
  ['(() => { const m = new Map(); m.set("self", m); return m; })()'],
  ['(() => { const s = new Set(); s.add(s); return s; })()'],
  ['(() => { class Node { constructor() { this.next = this; } } return new Node(); })()'],
  ['(() => { const o = { a: 1 }; return { x: o, y: o, z: [o, o] }; })()'],
  // Map / Set / weak
  ["new Map([['a', 1], ['b', 2]])"], ['new Map()'], ['new Set()'], ['new Set([1, 2, 3])'],
  ['new Map([[{ a: 1 }, [1, 2]], [NaN, new Set(["x"])]])'],
  ['new Map([[1, new Map([[2, new Map([[3, new Map([[4, 5]])]])]])]])'],
  ['new Set(Array.from({ length: 30 }, (_, k) => k))'],
  ['new Set(Array.from({ length: 102 }, (_, k) => k))'],
  ['new Map(Array.from({ length: 12 }, (_, k) => ["key" + k, k]))'],
  ['Object.assign(new Map([[1, 2]]), { x: 1 })'],
  ['new (class MyMap extends Map {})([[1, 2]])'],
  ['new (class MySet extends Set {})()'],
  ['new WeakMap()'], ['new WeakSet()'], ['new WeakRef({ a: 1 })'],
  ['[new WeakMap(), new WeakSet()]'],
  // iterators and generators
  ["new Map([['a', 1], ['b', 2]]).entries()"],
  ["new Map([['a', 1], ['b', 2]]).keys()"],
  ["new Map([['a', 1], ['b', 2]]).values()"],
  ['new Set([1, 2]).values()'],
  ['new Set([1, 2]).entries()'],
  ['new Map([[{ a: 1 }, [1, 2]]]).entries()'],
  ['(() => { const it = new Set([1, 2, 3]).values(); it.next(); return it; })()'],
  ['new Set(Array.from({ length: 120 }, (_, k) => k)).values()'],
  ['(function* () { yield 1; })()'],
  ['[1, 2][Symbol.iterator]()'],
  ['"ab"[Symbol.iterator]()'],
  // dates and regexps
  ['new Date(0)'], ['new Date(NaN)'], ['new Date(1e12)'], ['[new Date(0)]'],
  ['Object.assign(new Date(0), { x: 1 })'],
  ['new (class MyDate extends Date {})(0)'],
  ['/a/g'], ['/a\\/b[c]/gimsuy'], ['new RegExp("")'], ['Object.assign(/x/, { y: 1 })'],
  ['new (class MyRe extends RegExp {})("x", "g")'],
  ['{ a: { b: { c: { d: /deep/ } } } }'],
  // errors
  ["new Error('msg')"],
  ["new TypeError('bad type')"],
  ["new RangeError('r')"],
  ["Object.assign(new Error('with props'), { code: 'E_CODE', info: { a: 1 } })"],
  ["({ err: new Error('nested') })"],
  ["[new Error('in array')]"],
  ["({ a: { b: { c: { d: new Error('deep') } } } })"],
  ["(() => { class MyError extends Error {} return new MyError('x'); })()"],
  ["(() => { class MyErr extends Error {} return new MyErr('x'); })()"],
  ["(() => { class NE extends Error { constructor() { super('q'); this.name = 'NE'; } } return new NE(); })()"],
  ["(() => { const e = new Error('x'); e.name = 'Foo'; return e; })()"],
  ["(() => { const e = new Error('x'); e.name = 'CustomError'; return e; })()"],
  ["(() => { const e = new Error('a'); e.message = 'b'; return e; })()"],
  ["(() => { const e = new Error('nostack'); e.stack = undefined; return e; })()"],
  ["(() => { const e = new RangeError('r'); e.stack = ''; return e; })()"],
  ["(() => { const e = new Error('x'); e.stack = 'just text'; return [e]; })()"],
  ["(() => { const e = new Error('x'); e.stack = 'Error: c\\n    at q'; e.name = 'Foo'; return e; })()"],
  ["(() => { const e = new Error('a'); e.stack = 'Error: a'; e.message = 'b'; return e; })()"],
  ["Object.create(Error.prototype)"],
  ["new Error('')"],
  ["new Error('multi\\nline')"],
  ["({ e: new Error('multi\\nline') })"],
  ["(() => { const e = new Error('x'); Object.setPrototypeOf(e, null); return e; })()"],
  ["(() => { const e = new TypeError('t'); Object.setPrototypeOf(e, null); return e; })()"],
  ["(() => { const e = new Error('x'); e.stack = 'RangeError'; Object.setPrototypeOf(e, null); return e; })()"],
  ["(() => { const e = new Error('x'); e.stack = 'lower: x\\n    at f (a.js:1:1)'; Object.setPrototypeOf(e, null); return e; })()"],
  ["(() => { const e = new Error('x'); e.stack = 'My Thing (v2): x\\n    at f (a.js:1:1)'; Object.setPrototypeOf(e, null); return e; })()"],
  ["(() => { const e = new Error('x'); e.stack = 'Odd\\n    at f (a.js:1:1)'; Object.setPrototypeOf(e, null); return e; })()"],
  ["new Error('outer', { cause: new Error('inner') })"],
  ["new Error('outer', { cause: 'a string' })"],
  ["new Error('outer', { cause: undefined })"],
  ["new AggregateError([new Error('a1'), 'two'], 'agg')"],
  ["(() => { const e = new Error('m'); Object.defineProperty(e, 'name', { value: 'Zed', enumerable: true }); return e; })()"],
  ["(() => { const e = new Error('m'); e.name = 'Foo'; e.extra = 1; return e; })()"],
  ["(() => { const e = new Error('x'); e.stack = 'Error: x\\n    at a (f.js:1:1)\\n    at b (f.js:2:2)'; return { e }; })()"],
  // promises
  ['Promise.resolve(1)'], ['Promise.resolve({ a: [1, 2] })'], ['new Promise(() => {})'],
  ['(() => { const p = Promise.reject(3); p.catch(() => {}); return p; })()'],
  ["(() => { const p = Promise.reject(new Error('rej')); p.catch(() => {}); return { p }; })()"],
  ['Object.assign(Promise.resolve(2), { extra: true })'],
  ['(async () => 5)()'],
  // boxed primitives
  ['new Number(3)'], ['new Number(-0)'], ["new String('ab')"], ['new Boolean(false)'],
  ["Object(Symbol('a'))"], ['Object(1n)'],
  ["Object.assign(new String('ab'), { x: 1 })"],
  ["Object.assign(new Number(1), { y: [1] })"],
  ["new (class MyNum extends Number {})(4)"],
  // typed arrays / buffers
  ['new Uint8Array([1, 2, 3])'], ['new Uint8Array(0)'], ['new Float64Array([1.5, -0, NaN])'],
  ['new BigInt64Array([1n, -2n])'], ['new Int16Array(40)'], ['new Uint8Array(200)'],
  ['new Uint32Array([1, 10, 100, 1000, 10000, 100000, 1000000, 10000000])'],
  ['Object.assign(new Uint8Array(2), { foo: 1 })'],
  ['new ArrayBuffer(3)'], ['new Uint8Array([1, 2, 255]).buffer'], ['new ArrayBuffer(0)'],
  ['new ArrayBuffer(120)'], ['new SharedArrayBuffer(2)'],
  ['new DataView(new ArrayBuffer(2))'],
  ['({ buf: new ArrayBuffer(4) })'],
  ['(() => { class U extends Uint8Array {} return new U(2); })()'],
  // arguments, proxies, misc
  ['(function () { return arguments; })(1, 2)'],
  ['(function () { return arguments; })()'],
  ['new Proxy({ a: 1 }, {})'],
  ['new Proxy([1, 2], { get() { throw new Error("trap"); } })'],
  ['(() => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; })()'],
  ['new Proxy(function named() {}, {})'],
  ['globalThis.Math'], ['JSON'], ['Reflect'],
  ['({ constructor: 1 })'], ['({ constructor: function Foo() {} })'], ['Object.create(Array.prototype)'],
  ['(() => { function F() {} F.prototype = Object.create(null); return new F(); })()'],
  ['(() => { const o = Object.create(Object.create(Object.create(null))); o.x = 1; return o; })()'],
  ['(() => { const o = {}; Object.defineProperty(o, "constructor", { get() { throw new Error("no"); } }); return o; })()'],
  ['(() => { const b = new ArrayBuffer(8); structuredClone(b, { transfer: [b] }); return b; })()'],
  ['Object.assign(new Boolean(true), { [Symbol("k")]: 1 })'],
  ['(function () { arguments.extra = 1; return arguments; })("a")'],
  ['({ "key\\nwith\\tcontrol": 1, "quote\\"d": 2, [Symbol("sym\\nbol")]: 3 })'],
  ['Object.defineProperty({}, "a-b", { value: 1, enumerable: false })'],
  ['Object.defineProperty({}, "x\'y\\n", { value: 1, enumerable: false })', { showHidden: true }],
  ['[Symbol("a\\nb"), Object(Symbol("it\'s"))]'],
  ['({ [Symbol("it\'s\\n")]: 1 })'],
  ['new (class Temp { get x() { return 1; } })()'],
  ['new (class extends Error {})("anon")'],
  ['[undefined, null, NaN, -0, 0, 1e-7, 2 ** 53]'],
  ['[[1, [2, [3, [4, [5]]]]]]'],
  ['{ a: [[[[]]]], b: [{}], c: [[{}]] }'],
  ['Array.from({ length: 7 }, () => [])'],
  ['Array.from({ length: 7 }, () => ({}))'],
  ['Array.from({ length: 27 }, (_, i) => i === 13 ? "a much longer entry in the middle" : i)'],
  // mixed and nested layouts
  ['({ level1: { level2: { level3: { level4: "deep" } } }, sibling: [1, 2, 3] })'],
  ['({ a: [{ b: 1 }, { c: [1, 2, { d: 3 }] }], e: "text", f: null, g: undefined })'],
  ['[{ name: "alpha", value: 1 }, { name: "beta", value: 2 }, { name: "gamma", value: 3 }]'],
  ['({ users: [{ id: 1, name: "Ann", roles: ["admin", "dev"] }, { id: 2, name: "Bob", roles: [] }] })'],
  ['({ matrix: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] })'],
  ['({ description: "a fairly long string value that takes up quite a lot of the line", n: 1 })'],
  ['({ a: "short", b: "another string that is moderately long", c: "and yet another one here" })'],
  ['[["a", 1], ["b", 2], ["c", 3], ["d", 4], ["e", 5], ["f", 6], ["g", 7]]'],
  ['({ map: new Map([["k", { v: [1, 2, 3] }]]), set: new Set([[1, 2], { a: 1 }]) })'],
  ['({ fn() {}, arrow: () => {}, klass: class K {}, date: new Date(0), re: /r/ })'],
  ['Array.from({ length: 3 }, () => ({ a: { b: { c: { d: 1 } } } }))'],
  ['({ nested: Array.from({ length: 25 }, (_, i) => i) })'],
  ['[Array.from({ length: 25 }, (_, i) => "v" + i)]'],
  ['({ a: { b: Array.from({ length: 25 }, (_, i) => i * 3) } })'],
  ['({ k1: "v".repeat(20), k2: "v".repeat(20), k3: "v".repeat(20) })'],
  ['{ x: [1, 2, 3], y: { z: [4, 5, 6] } }'],
  // options
  ['({ a: { b: { c: { d: { e: 1 } } } } })', { depth: 0 }],
  ['({ a: { b: { c: { d: { e: 1 } } } } })', { depth: null }],
  ['({ a: { b: { c: { d: { e: 1 } } } } })', { depth: Infinity }],
  ['({ a: [1, 2, 3], b: "x" })', { compact: false }],
  ['({ a: { b: { c: 1 } }, d: "x".repeat(80) })', { compact: true }],
  ['[1, 2, 3]', { compact: true }],
  ['({ a: { b: { c: 1 } } })', { compact: 1 }],
  ['Array.from({ length: 30 }, (_, i) => i)', { compact: 1 }],
  ['Array.from({ length: 30 }, (_, i) => i)', { breakLength: 40 }],
  ['({ a: 1, b: 2, c: "three" })', { breakLength: 10 }],
  ['({ a: 1, b: [1, 2] })', { breakLength: Infinity }],
  ['Array.from({ length: 10 }, (_, i) => i)', { maxArrayLength: 3 }],
  ['Array.from({ length: 10 }, (_, i) => i)', { maxArrayLength: 0 }],
  ['new Set([1, 2, 3, 4])', { maxArrayLength: 2 }],
  ['new Map([[1, 2], [3, 4]])', { maxArrayLength: 1 }],
  ['"abcdefghij"', { maxStringLength: 4 }],
  ['["abcdefghij", "ab"]', { maxStringLength: 1 }],
  ['({ c: 3, a: 1, b: 2 })', { sorted: true }],
  ['new Map([["b", 1], ["a", 2]])', { sorted: true }],
  ['({ get a() { return 1; }, get b() { return { x: 1 }; }, get c() { return null; }, get d() { throw new Error("no"); }, set e(v) {} })', { getters: true }],
  ['({ get a() { return 1; }, get b() { return 2; }, set b(v) {} })', { getters: 'set' }],
  ['[1234567, 1234.5678, -1234567, 12n ** 10n, 0.0001234]', { numericSeparator: true }],
  ['[1, "two", null, undefined, true, 3n, Symbol("s"), { a: 1 }, [2]]', { colors: true }],
  ['({ a: 1, b: "x", c: [undefined, null], d: new Date(0), e: /re/, f() {} })', { colors: true }],
  ['Array.from({ length: 30 }, (_, i) => i)', { colors: true }],
  ['Array.from({ length: 30 }, (_, i) => "s" + i)', { colors: true }],
  ['(() => { const a = { x: 1 }; a.a = a; return a; })()', { colors: true }],
  ['[new Number(1), new String("s"), Promise.resolve(1), new Map([[1, 2]]), new WeakSet()]', { colors: true }],
  ['[1, , 3]', { colors: true }],
  ['({ f: Object.assign(function f() {}, { x: 1 }), c: class C {}, s: Object(Symbol("q")), n: Object.assign(new Number(3), { x: 1 }) })', { colors: true }],
  ['(() => { const e = new Error("y"); e.stack = "Error: y\\n    at z (/x/y.js:1:1)"; e.code = 1; return e; })()', { colors: true }],
  ['({ get a() { return 1; }, b: [new Date(0), /x/, Symbol("s"), 1n, -0] })', { colors: true, getters: true }],
  ['[1, 2, 3]', { showHidden: true }],
  ['({ a: 1 })', { showHidden: true }],
  ['Object.defineProperty({ a: 1 }, "hidden", { value: 2 })', { showHidden: true }],
  ['function foo() {}', { showHidden: true }],
  ['new Uint8Array(2)', { showHidden: true }],
  ['new Error("e")', { showHidden: true }],
  ['({ x: { [Symbol.for("nodejs.util.inspect.custom")]() { return "C"; } } })', { customInspect: false }],
  ['new Proxy({ a: 1 }, { get() { return 5; } })', { showProxy: true }],
  ['({ p: new Proxy([1, 2], {}), q: { r: { s: new Proxy({}, {}) } } })', { showProxy: true }],
  ['(() => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; })() ', { showProxy: true }],
];

// ---------------------------------------------------------------------------
// format cases: source of an array of arguments
// ---------------------------------------------------------------------------

const formatCases = [
  "['plain']", "['%s', 'str']", "['%s', 42]", "['%s', -0]", "['%s', 1n]", "['%s', null, undefined]",
  "['%s', Symbol('q')]", "['%s', { a: { b: { c: 1 } } }]", "['%s', [1, [2, [3]]]]",
  "['%s', new Date(0)]", "['%s', new Error('boom')]", "['%s', class A {}]", "['%s', function f() {}]",
  "['%s', { toString() { return 'X'; } }]", "['%s', new (class B { toString() { return 'B!'; } })()]",
  "['%s', new (class C {})()]", "['%s', Object.create(null)]", "['%s', new Map([[1, 2]])]",
  "['%s', new (class D extends Map {})()]", "['%s', new Proxy({ a: 1 }, {})]",
  "['%d', 42]", "['%d', '42']", "['%d', -0]", "['%d', '0x10']", "['%d', 1n]", "['%d', Symbol()]",
  "['%d', {}]", "['%d', 1.5]", "['%i', '42.5abc']", "['%i', 1n]", "['%i', Symbol()]", "['%i', -3.9]",
  "['%f', '1.5e3x']", "['%f', Symbol()]", "['%f', 'abc']",
  "['%j', { a: 1 }]", "['%j', (() => { const c = {}; c.c = c; return c; })()]", "['%j', undefined]",
  "['%j', 'str']", "['%j', { toJSON() { return 'J'; } }]",
  "['%o', [1, 2]]", "['%o', { a: { b: { c: { d: { e: { f: 1 } } } } } }]", "['%o', 'str']",
  "['%O', { a: 1 }]", "['%O', { a: { b: { c: { d: 1 } } } }]",
  "['%c%s', 'color: red', 'x']", "['%%s %s', 'a']", "['%s']", "['%s %s', 'a']", "['a%', 1]",
  "['%x', 1]", "['%', 1]", "['100%%']", "['100%% %s', 'done']",
  "[1, 'a', {}]", "[{ a: 1 }, 'b']", "['a', 'b', 'c']", "['a', 1, 'b', [2]]", "['%s:%s', 'a']",
  "['%s', 'a', 'extra', { x: 1 }, 5]", "[]", "[undefined]", "[null, 'x']", "['%s%s', 'a', 'b']",
  "['%s', '%s', 'x']", "['x%sy%dz', 'A', 3]", "['%o', function foo() {}]",
  "['%s', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27]]",
  "['%s', new Uint8Array(3)]", "['%s', Promise.resolve(1)]", "['%o', new Proxy({ a: 1 }, {})]",
];

// ---------------------------------------------------------------------------
// Run inspect / format comparisons
// ---------------------------------------------------------------------------

// Cases not run in the fresh context, where Node's answer depends on its own
// realm: Node decides "is this an error" with `instanceof Error` of the main
// context, which objects from another context fail.
// Also, showProxy needs natives.proxyHandler, which the fresh context's
// natives leave out.
const mainContextOnly = new Set([
  'Object.create(Error.prototype)',
  // structuredClone is a Node global
  '(() => { const b = new ArrayBuffer(8); structuredClone(b, { transfer: [b] }); return b; })()',
  // needs natives.className (V8's internal constructor name)
  '(() => { function F() {} F.prototype = Object.create(null); return new F(); })()',
  'new Proxy({ a: 1 }, { get() { return 5; } })',
  '({ p: new Proxy([1, 2], {}), q: { r: { s: new Proxy({}, {}) } } })',
  '(() => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; })() ',
  "['%o', new Proxy({ a: 1 }, {})]",
]);

for (const [expr, opts] of inspectCases) {
  const label = `inspect ${expr}${opts ? ' ' + util.inspect(opts, { breakLength: Infinity }) : ''}`;
  const mainValue = vm.runInThisContext(`(${expr})`);
  const expected = safe(() => util.inspect(mainValue, opts));
  check(label, safe(() => lib.inspect(mainValue, opts)), expected);

  if (mainContextOnly.has(expr)) continue;
  const freshValue = vm.runInContext(`(${expr})`, fresh);
  const freshExpected = safe(() => util.inspect(freshValue, opts));
  check(`[fresh] ${label}`, safe(() => freshLib.inspect(freshValue, opts)), freshExpected);
}

for (const expr of formatCases) {
  const args = vm.runInThisContext(`(${expr})`);
  check(`format ${expr}`, safe(() => lib.format(...args)), safe(() => util.format(...args)));
  if (mainContextOnly.has(expr)) continue;
  const freshArgs = vm.runInContext(`(${expr})`, fresh);
  check(`[fresh] format ${expr}`, safe(() => freshLib.format(...freshArgs)),
    safe(() => util.format(...freshArgs)));
}

// Randomised structures (fixed seed): layout, grouping and depth handling on
// shapes nobody would think of writing by hand.
{
  class Thing {}
  let seed = 12345;
  const rand = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const words = ['a', 'bb', 'ccc', 'key', 'value', 'longer-key', 'x y', "it's", 'some longer text here',
    'line\nbreak', '中文', 'emoji 😀', ''];
  const makeValue = (depth) => {
    const kind = rand(depth > 3 ? 6 : 20);
    switch (kind) {
      case 0: return rand(1000) - 500;
      case 1: return words[rand(words.length)];
      case 2: return rand(2) === 0 ? null : undefined;
      case 3: return rand(100) / 7;
      case 4: return rand(2) === 0;
      case 5: return BigInt(rand(100000));
      case 6: case 7: {
        const arr = [];
        const n = rand(4) === 0 ? rand(40) : rand(8);
        const numeric = rand(2) === 0;
        for (let i = 0; i < n; i++) arr.push(numeric ? rand(10 ** (1 + rand(4))) : makeValue(depth + 1));
        return arr;
      }
      case 8: case 9: case 10: {
        const obj = {};
        const n = rand(8);
        for (let i = 0; i < n; i++) obj[words[rand(words.length)] + (rand(3) === 0 ? i : '')] = makeValue(depth + 1);
        return obj;
      }
      case 11: {
        const m = new Map();
        const n = rand(4);
        for (let i = 0; i < n; i++) m.set(makeValue(depth + 2), makeValue(depth + 1));
        return m;
      }
      case 12: {
        const set = new Set();
        const n = rand(6);
        for (let i = 0; i < n; i++) set.add(makeValue(depth + 1));
        return set;
      }
      case 13: return 'long text '.repeat(rand(12)) + (rand(2) ? '\nmore\n' : '') + 'end';
      case 14: {
        const inst = new Thing();
        for (let i = rand(4); i > 0; i--) inst['p' + i] = makeValue(depth + 1);
        return inst;
      }
      case 15: {
        const arr = [];
        arr.length = rand(120);
        for (let i = rand(5); i > 0; i--) arr[rand(arr.length + 1)] = makeValue(depth + 1);
        return arr;
      }
      case 16: return new Uint16Array(rand(30)).map(() => rand(70000));
      case 17: {
        const obj = { tag: words[rand(words.length)] };
        obj.child = { parent: obj, list: [obj, makeValue(depth + 2)] };
        return obj;
      }
      case 18: return [Symbol(words[rand(words.length)]), new Date(rand(1e9) * 1000), /re+/g];
      default: {
        const arr = [];
        for (let i = rand(20); i > 0; i--) arr.push({ id: rand(100), label: words[rand(words.length)] });
        return arr;
      }
    }
  };
  const optionSets = [undefined, { depth: 4 }, { breakLength: 60 }, { compact: 2 }, { depth: null, breakLength: 120 }];
  for (let i = 0; i < 600; i++) {
    const value = makeValue(0);
    const opts = optionSets[i % optionSets.length];
    check(`random #${i} ${util.inspect(opts)}`, safe(() => lib.inspect(value, opts)), util.inspect(value, opts));
  }
}

// formatWithOptions
check('formatWithOptions colors', lib.formatWithOptions({ colors: true }, '%s %O', 'a', { b: 1 }, 2),
  util.formatWithOptions({ colors: true }, '%s %O', 'a', { b: 1 }, 2));
check('formatWithOptions depth', lib.formatWithOptions({ depth: 0 }, { a: { b: 1 } }),
  util.formatWithOptions({ depth: 0 }, { a: { b: 1 } }));

// Legacy inspect(value, showHidden, depth, colors)
check('inspect legacy args', lib.inspect({ a: { b: { c: { d: 1 } } } }, false, 0, false),
  util.inspect({ a: { b: { c: { d: 1 } } } }, false, 0, false));
check('inspect.custom', lib.inspect.custom === util.inspect.custom, true);

// Deeply nested structure: Node stops with a "Maximum call stack" notice.
{
  let deep = {};
  for (let i = 0; i < 20000; i++) deep = { next: deep };
  const ours = safe(() => lib.inspect(deep, { depth: Infinity }));
  check('deep nesting does not throw', /Maximum call stack size exceeded/.test(ours), true);
}

// ---------------------------------------------------------------------------
// Robustness: built-ins patched after loading must not affect the output
// ---------------------------------------------------------------------------

{
  const ctx = vm.createContext({});
  const patchedLib = vm.runInContext(source, ctx)(makeNatives());
  const value = vm.runInContext(`({ a: [1, 2, , 4], m: new Map([['k', new Set([1])]]), s: 'it\\'s',
    d: new Date(0), e: Object.assign(new Error('x'), { code: 1 }), n: Array.from({ length: 30 }, (_, i) => i) })`, ctx);
  const expected = util.inspect(value);
  vm.runInContext(`
    for (const [ctor, names] of [[Array, ['join', 'push', 'slice', 'sort', 'indexOf', 'splice', 'map', 'includes']],
        [String, ['slice', 'indexOf', 'padStart', 'padEnd', 'repeat', 'replace', 'split', 'includes', 'startsWith']],
        [Object, ['hasOwnProperty', 'propertyIsEnumerable', 'toString']],
        [Map, ['get', 'set', 'has', 'entries', 'forEach']], [Set, ['values', 'has']],
        [RegExp, ['exec', 'test']], [Date, ['toISOString', 'getTime']], [Function, ['call', 'apply', 'bind']]]) {
      for (const n of names) ctor.prototype[n] = function () { throw new Error('patched ' + n); };
    }
    Object.keys = () => { throw new Error('patched keys'); };
    Object.getOwnPropertyDescriptor = () => { throw new Error('patched gopd'); };
    Array.isArray = () => false;
    Math.max = () => 0;
    JSON.stringify = () => 'patched';
    Array.prototype[Symbol.iterator] = function* () { throw new Error('patched iterator'); };
  `, ctx);
  check('patched built-ins: inspect', safe(() => patchedLib.inspect(value)), expected);
  check('patched built-ins: format', safe(() => patchedLib.format('%s=%d %j', 'a', 1, { b: 2 }, [3])),
    util.format('%s=%d %j', 'a', 1, { b: 2 }, [3]));
}

// The file must not touch Node-only globals.
check('no Node globals used', /\b(require|process|Buffer|module|exports)\s*[.(]/.test(
  source.replace(/\/\/.*$/gm, '')), false);

// ---------------------------------------------------------------------------
// console
// ---------------------------------------------------------------------------

function captureNodeConsole(fn) {
  const out = [];
  const stream = (fd) => new Writable({
    write(chunk, enc, cb) {
      out.push([fd, chunk.toString()]);
      cb();
    },
  });
  const c = new console.Console({ stdout: stream(1), stderr: stream(2), colorMode: false });
  fn(c);
  return out;
}

function captureOurConsole(fn, natives, options) {
  const out = [];
  const l = natives ? vm.runInThisContext(source)(makeNatives(natives)) : lib;
  const c = l.createConsole((fd, text) => out.push([fd, text]), options);
  fn(c);
  return out;
}

function render(chunks) {
  return chunks.map(([fd, text]) => `${fd}> ${text}`).join('');
}

const consoleCases = [
  ['log', (c) => c.log('hello', 1, { a: [1, 2] }, 'x')],
  ['log format', (c) => c.log('%s is %d years', 'Bob', 42, 'extra')],
  ['log nothing', (c) => c.log()],
  ['info/debug', (c) => { c.info('i', 1); c.debug('d', [2]); }],
  ['warn/error', (c) => { c.warn('w', { x: 1 }); c.error(new Map([[1, 2]])); }],
  ['dirxml', (c) => c.dirxml('a', { b: 1 })],
  ['dir', (c) => c.dir({ a: { b: { c: { d: 1 } } } })],
  ['dir options', (c) => c.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 })],
  ['dir ignores custom inspect', (c) => c.dir({ [util.inspect.custom]() { return 'C'; }, v: 1 })],
  ['dir string', (c) => c.dir('str')],
  ['assert pass', (c) => c.assert(true, 'not shown')],
  ['assert fail', (c) => c.assert(false, 'shown %s', 'here', 2)],
  ['assert fail no message', (c) => c.assert(0)],
  ['assert fail object', (c) => c.assert(false, { a: 1 })],
  ['count', (c) => { c.count(); c.count(); c.count('x'); c.count(); c.countReset(); c.count(); c.count('x'); }],
  ['group', (c) => {
    c.log('top');
    c.group('Group 1', 2);
    c.log('inside\nmultiline', { a: 1 });
    c.group();
    c.error('deeper', { b: { c: [1, 2, 3] } });
    c.groupEnd();
    c.groupCollapsed('collapsed');
    c.warn('w');
    c.groupEnd();
    c.groupEnd();
    c.groupEnd();
    c.log('back');
  }],
  ['table array of objects', (c) => c.table([{ a: 1, b: 'Y' }, { a: 'Z', b: 2 }])],
  ['table arrays', (c) => c.table([[1, 2], [3, 4, 5]])],
  ['table object of mixed', (c) => c.table({ x: { a: 1 }, y: { b: [1, 2, 3, 4, 5] }, z: 3 })],
  ['table nested', (c) => c.table([1, 'a', { a: { b: { c: 1 } }, c: { d: 1, e: 2, f: 3 } }])],
  ['table map', (c) => c.table(new Map([['k', { a: 1 }], ['j', 2]]))],
  ['table set', (c) => c.table(new Set([1, { a: 2 }]))],
  ['table map iterator', (c) => c.table(new Map([['k', 1]]).entries())],
  ['table set iterator', (c) => c.table(new Set(['v']).values())],
  ['table properties', (c) => c.table([{ a: 1, b: 2 }, { a: 3 }, 4], ['b'])],
  ['table primitives', (c) => { c.table(5); c.table('str'); c.table(null); }],
  ['table empty', (c) => { c.table([]); c.table({}); }],
  ['table wide chars', (c) => c.table([{ 中文: '中文字' }])],
  ['table in group', (c) => { c.group('G'); c.table([1]); c.groupEnd(); }],
];

for (const [label, fn] of consoleCases) {
  check(`console ${label}`, render(captureOurConsole(fn)), render(captureNodeConsole(fn)));
}

// console.table rejects a non-array `properties` like Node does.
for (const bad of ['x', 5, null]) {
  const message = (fn) => {
    try {
      fn();
      return 'no error';
    } catch (err) {
      return `${err.name} ${err.code}: ${err.message}`;
    }
  };
  check(`console table bad properties ${util.inspect(bad)}`,
    message(() => captureOurConsole((c) => c.table([1], bad))),
    message(() => captureNodeConsole((c) => c.table([1], bad))));
}

// console.time family, with a controlled clock.
{
  let clock = 1000;
  const chunks = [];
  const warnings = [];
  const c = vm.runInThisContext(source)(makeNatives({ now: () => clock }))
    .createConsole((fd, text) => chunks.push(`${fd}> ${text}`), { onWarning: (m) => warnings.push(m) });
  c.time();
  clock += 1.2345;
  c.timeLog();
  c.timeLog('default', 'extra', { a: 1 });
  c.time('t');
  clock += 2500;
  c.timeEnd('t');
  c.timeEnd('t');
  c.time();
  c.countReset('nope');
  c.timeEnd();
  check('console time', chunks.join(''),
    '1> default: 1.235ms\n1> default: 1.235ms extra { a: 1 }\n1> t: 2.500s\n1> default: 2501.235ms\n'.replace('2501.235ms', '2.501s'));
  check('console time warnings', warnings.join('|'),
    "No such label 't' for console.timeEnd()|Label 'default' already exists for console.time()|Count for 'nope' does not exist");
}

// Duration formatting matches Node's formatTime for a range of durations.
for (const ms of [0, 0.0004, 0.5, 1, 1.23456, 12.3, 999.9994, 999.9996, 1000, 1234.567, 59999.9, 60000,
  61234.5, 3599999, 3600000, 3723004.5, 86400000 * 2 + 5]) {
  let clock = 0;
  const out = [];
  const c = vm.runInThisContext(source)(makeNatives({ now: () => clock })).createConsole((fd, t) => out.push(t));
  c.time('x');
  clock = ms;
  c.timeEnd('x');
  check(`duration ${ms}`, out.join(''), `x: ${nodeFormatTime(ms)}\n`);
}

// console.trace: "Trace: message" then the caller's frames.
{
  const out = [];
  const c = lib.createConsole((fd, text) => out.push([fd, text]));
  (function callerFrame() {
    c.trace('here %d', 1);
  })();
  c.group();
  c.trace();
  const [fd, text] = out[0];
  check('console trace fd', fd, 2);
  check('console trace header', text.split('\n')[0], 'Trace: here 1');
  check('console trace first frame', /^ {4}at callerFrame \(/.test(text.split('\n')[1]), true);
  check('console trace grouped', /^ {2}Trace\n {6}at /.test(out[1][1]), true);
}

// A console created in the fresh context works there too.
{
  const out = [];
  const c = freshLib.createConsole((fd, text) => out.push(text));
  c.log('%s:', 'value', vm.runInContext('({ a: [1, 2, 3], m: new Map([[1, { b: 2 }]]) })', fresh));
  check('[fresh] console log', out.join(''), "value: { a: [ 1, 2, 3 ], m: Map(1) { 1 => { b: 2 } } }\n");
}

// Colors chosen per stream.
{
  const out = [];
  const c = lib.createConsole((fd, text) => out.push(text), { colors: (fd) => fd === 1 });
  c.log(1, 'a', [2]);
  c.error(1, 'a', [2]);
  check('console colors', out.join(''),
    `${util.formatWithOptions({ colors: true }, 1, 'a', [2])}\n${util.format(1, 'a', [2])}\n`);
}

// Module namespace objects, including bindings still in their TDZ.
async function checkModules() {
  const ns = await import('data:text/javascript,export const a = 1; export let b = [1, "x"]; export default function f() {}');
  check('inspect module namespace', lib.inspect(ns), util.inspect(ns));
  check('inspect nested module namespace', lib.inspect({ ns }), util.inspect({ ns }));

  const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'console-test-'));
  try {
    const file = path.join(dir, 'self.mjs');
    fs.writeFileSync(file, "import * as self from './self.mjs';\nglobalThis.__seeNamespace(self);\n" +
      'export let later = 1;\nexport const alsoLater = 2;\n');
    let seen;
    globalThis.__seeNamespace = (self) => {
      seen = [lib.inspect(self), util.inspect(self)];
    };
    await import(require('url').pathToFileURL(file).href);
    check('inspect module namespace in TDZ', seen[0], seen[1]);
  } finally {
    delete globalThis.__seeNamespace;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

checkModules().catch((err) => {
  check('module namespace checks', String(err && err.stack), '');
}).finally(() => {
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
});
