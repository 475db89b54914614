// Checks Symbol basics: uniqueness, registry, description, symbol-keyed properties, and well-known symbols (iterator, toPrimitive, toStringTag, hasInstance).
const s1 = Symbol('id');
const s2 = Symbol('id');
console.log(s1 === s2, s1.toString(), s1.description, Symbol().description, typeof s1);
console.log(Symbol.for('app') === Symbol.for('app'), Symbol.keyFor(Symbol.for('app')), Symbol.keyFor(s1));

const obj = { [s1]: 'symbol value', visible: true };
obj[s2] = 'other';
console.log(Object.keys(obj), Object.getOwnPropertySymbols(obj).length, obj[s1], JSON.stringify(obj));
console.log(Reflect.ownKeys(obj).map(String));

class Temperature {
  constructor(c) {
    this.c = c;
  }
  [Symbol.toPrimitive](hint) {
    if (hint === 'number') return this.c;
    if (hint === 'string') return `${this.c}°C`;
    return 'default:' + this.c;
  }
  get [Symbol.toStringTag]() {
    return 'Temperature';
  }
}
const t = new Temperature(21);
console.log(+t, `${t}`, t + '', t * 2, Object.prototype.toString.call(t));

class Range {
  constructor(from, to) {
    this.from = from;
    this.to = to;
  }
  [Symbol.iterator]() {
    let cur = this.from;
    const to = this.to;
    return {
      next: () => (cur <= to ? { value: cur++, done: false } : { value: undefined, done: true }),
      [Symbol.iterator]() {
        return this;
      },
    };
  }
}
console.log([...new Range(1, 5)], Array.from(new Range(3, 4), (x) => x * 10));

class Even {
  static [Symbol.hasInstance](n) {
    return typeof n === 'number' && n % 2 === 0;
  }
}
console.log(2 instanceof Even, 3 instanceof Even);

try {
  console.log(s1 + '');
} catch (e) {
  console.log(e.name + ': ' + e.message);
}
console.log(String(s1), [s1].length, Object(s1) instanceof Symbol);

const isConcatSpreadable = { length: 2, 0: 'x', 1: 'y', [Symbol.isConcatSpreadable]: true };
console.log([1].concat(isConcatSpreadable));

console.log(Symbol.iterator.toString(), Symbol.asyncIterator.description);
console.log(s1, [s1, Symbol.for('reg')], { [Symbol('k')]: 1, plain: 2 });
