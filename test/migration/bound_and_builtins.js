// Bound functions as timer callbacks (with bound arguments, bound twice), variables holding built-ins, and symbols: registered, unique property keys, Symbol.iterator and Symbol.toPrimitive on custom objects.
const max = Math.max;
const push = Array.prototype.push;
const stringify = JSON.stringify;
const hasOwn = Object.prototype.hasOwnProperty;
const fromCodePoint = String.fromCodePoint;
const log = console.log;
const boundLog = console.log.bind(console, '[bound log]');

const registered = Symbol.for('k');
const secret = Symbol('secret');
const anon = Symbol();

const meter = {
  name: 'meter',
  values: [],
  [secret]: 0,
  [registered]: 'registered value',
  record(unit, v) {
    push.call(this.values, v);
    this[secret] += v;
    return this.name + ' ' + v + unit;
  },
  [Symbol.toPrimitive](hint) {
    return hint === 'number' ? this[secret] : 'meter(' + this.values.length + ')';
  },
};

class Range {
  constructor(from, to) {
    this.from = from;
    this.to = to;
  }
  [Symbol.iterator]() {
    let cur = this.from;
    const to = this.to;
    return { next: () => (cur <= to ? { value: cur++, done: false } : { value: undefined, done: true }) };
  }
}

const countdown = {
  n: 3,
  [Symbol.iterator]() {
    return this;
  },
  next() {
    return this.n > 0 ? { value: this.n--, done: false } : { value: 'end', done: true };
  },
};

const recordKw = meter.record.bind(meter, 'kW');
const twice = recordKw.bind(null, 7); // `this` stays meter: bound functions ignore a new this
let ticks = 0;
const range = new Range(1, 3);

function tickFn(label, step) {
  ticks++;
  const r = recordKw(ticks * step);
  const biggest = max(...this.values, 0);
  log(label, ticks, r, 'max', biggest, 'sum', +meter, `${meter}`, 'range', [...range].join(''), 'anon', this[anon]);
  range.to++;
  this[anon] = (this[anon] || '') + ticks;
  if (ticks === 5) {
    clearInterval(iv);
    log(twice(), twice.name, recordKw.name, twice.length, recordKw.length, boundCallback.name);
    log(stringify(meter), Object.keys(meter), Object.getOwnPropertySymbols(meter).map(String));
    log(registered === Symbol.for('k'), Symbol.keyFor(registered), Symbol.keyFor(secret), secret.description, anon.toString(), anon.description);
    log([...countdown], [...countdown], hasOwn.call(meter, secret), fromCodePoint(0x1f600, 0x41));
    boundLog('meter', meter);
  }
}
const boundCallback = tickFn.bind(meter, 'tick');
const iv = setInterval(boundCallback, 50, 3);
setTimeout(recordKw, 20, 100); // a bound function used directly as a timer callback
setTimeout(boundLog.bind(null, 'second-level'), 75, 'extra arg');
