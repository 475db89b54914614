// Checks console.log of objects: nesting depth limit, key quoting, line breaking at 80 columns, functions, classes and instances, null-prototype objects, circular references, accessors.
console.log({ a: 1, b: 'two', c: [3, 4], d: { e: { f: { g: { h: 'deep' } } } } });
console.log({});
console.log([[]], [{}], { a: {} }, { a: [] });
console.log({ 'key with spaces': 1, valid_id: 2, $dollar: 3, '123': 4, 'a-b': 5, [Symbol('sym')]: 6 });
console.log({ longPropertyNameNumberOne: 'value one', longPropertyNameNumberTwo: 'value two', three: 3 });
console.log({ short: 1, other: 'fits on one line', list: [1, 2, 3] });
console.log({ key: 'a'.repeat(70), other: 1 });
console.log({ fn() {}, arrow: () => {}, named: function namedFn() {}, anon: function () {} });
console.log(function plain() {}, () => {}, async function af() {}, function* gen() {}, async function* agen() {});
class Animal {}
class Dog extends Animal {
  constructor() {
    super();
    this.name = 'Rex';
    this.tricks = ['sit', 'roll'];
  }
}
console.log(Animal, Dog, new Animal(), new Dog());
console.log(class {}, new (class {})());
class Point {
  #hidden = 'private fields are not shown';
  constructor(x, y) {
    this.x = x;
    this.y = y;
  }
  get length() {
    return Math.hypot(this.x, this.y);
  }
}
console.log(new Point(3, 4), [new Point(1, 2)], { p: new Point(0, 0) });
const fnWithProps = function withProps() {};
fnWithProps.extra = 42;
console.log(fnWithProps);
const nullProto = Object.create(null);
nullProto.x = 1;
console.log(nullProto, Object.create(null));
console.log({ nested: Object.assign(Object.create(null), { y: 2 }) });
const circ = { name: 'root', child: { name: 'child' } };
circ.child.parent = circ;
circ.self = circ;
console.log(circ);
const circArr = [1];
circArr.push(circArr);
console.log(circArr);
console.log(Object.assign(Object.create({ inherited: 1 }), { own: 2 }));
const withAccessors = {
  get g() {
    return 1;
  },
  set s(v) {},
  get gs() {
    return 2;
  },
  set gs(v) {},
};
console.log(withAccessors);
console.log({ l1: { l2: { l3: { l4: 'too deep' } } }, arr: [[[['deep array']]]] });
const hidden = { visible: 1 };
Object.defineProperty(hidden, 'invisible', { value: 2, enumerable: false });
console.log(hidden, Object.keys(hidden));
console.log(Object.freeze({ frozen: true }), Object.seal([1]));
console.log({ date: new Date(0), re: /x/g, map: new Map([[1, { a: 1 }]]), set: new Set(['s']) });
const big = {};
for (let i = 0; i < 30; i++) big['key' + i] = i;
console.log(big);
console.log({ a: [{ b: { c: {} } }] });
console.log({ toString() {
  return 'custom toString is not used by console.log';
} });
console.log(String({ toString: () => 'custom toString' }), `${{ toString: () => 'in template' }}`);
