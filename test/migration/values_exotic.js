// Values: -0, NaN, infinities, BigInt, symbols (registered, well-known, unique as keys and
// values), boxed primitives, RegExp state, frozen/sealed/non-extensible objects, property
// attributes and accessors, sparse arrays with extra properties, null-prototype objects,
// cycles and shared references, lone surrogates, errors with extra properties.
const uniq = Symbol('uniq');
const reg = Symbol.for('app.key');
const state = {
  negZero: -0, nan: NaN, inf: -Infinity, big: 12345678901234567890n, neg: -5n,
  [uniq]: 'by unique', [reg]: 'by registered', sym: uniq,
  boxed: [new Number(3), new String('str'), new Boolean(false), Object(7n), Object(uniq)],
  re: /a(b)?/g, sticky: /x/y,
  frozen: Object.freeze({ a: 1, inner: { b: 2 } }),
  sealed: Object.seal({ c: 3 }),
  closed: Object.preventExtensions({ d: 4 }),
  sparse: [1, , 3],
  bare: Object.create(null),
  surrogate: 'a\uD800b',
  err: Object.assign(new RangeError('too far'), { code: 'E_FAR' }),
};
Object.defineProperty(state, 'hidden', { value: 'h', enumerable: false, writable: false });
let backing = 10;
Object.defineProperty(state, 'prop', { get() { return backing; }, set(v) { backing = v * 2; }, enumerable: true, configurable: true });
state.sparse.extra = 'x';
state.sparse.length = 5;
state.bare.self = state.bare;
state.shared = [state.frozen.inner, state.frozen.inner];
state.self = state;
let i = 0;
const t = setInterval(() => {
  i++;
  state.re.lastIndex = 0;
  state.re.exec('xab ab');
  state.sticky.lastIndex = i % 2;
  state.prop = i;
  state.big *= 3n;
  console.log(i, Object.is(state.negZero, -0), Number.isNaN(state.nan), state.inf, state.big, state.neg,
    state[uniq], state[reg], state.sym === uniq, typeof state.sym, state.sym.description,
    state.boxed.map((b) => typeof b + ':' + String(b.valueOf())).join(','), state.boxed[4].valueOf() === uniq,
    state.re.lastIndex, state.re.flags, state.sticky.test('ax'), Object.isFrozen(state.frozen),
    Object.isFrozen(state.frozen.inner), Object.isSealed(state.sealed), Object.isExtensible(state.closed),
    Object.isSealed(state.closed), state.sparse.length, 1 in state.sparse, state.sparse.extra,
    Object.getPrototypeOf(state.bare), state.bare.self === state.bare, state.surrogate.length,
    state.surrogate.charCodeAt(1), state.err instanceof RangeError, state.err.code, state.err.message,
    state.hidden, Object.keys(state).includes('hidden'), state.prop, state.shared[0] === state.shared[1],
    state.self === state, Object.getOwnPropertyDescriptor(state, 'hidden').writable);
  if (i === 5) clearInterval(t);
}, 10);
