// Classes: static members and fields, inheritance with super in methods and static methods,
// accessors, computed and symbol keys, class expressions made by factories (mixins), fields
// holding arrow functions, subclasses of built-ins.
class Shape {
  static count = 0;
  static registry = new Map();
  static { Shape.kind = 'shape'; }
  constructor(name) { this.name = name; Shape.count++; Shape.registry.set(name, this); }
  area() { return 0; }
  describe() { return `${this.name}: ${this.area().toFixed(2)}`; }
  get label() { return '<' + this.name + '>'; }
  set label(v) { this.name = v.replace(/[<>]/g, ''); }
  static byName(n) { return Shape.registry.get(n); }
  [Symbol.toPrimitive](hint) { return hint === 'number' ? this.area() : this.describe(); }
}
class Circle extends Shape {
  constructor(name, r) { super(name); this.r = r; }
  area() { return Math.PI * this.r * this.r; }
  describe() { return 'circle ' + super.describe(); }
  static byName(n) { return 'C:' + super.byName(n).name; }
}
class Square extends Shape {
  side = 1;
  onResize = (f) => { this.side *= f; return this; };
  area() { return this.side * this.side; }
}
const Timestamped = (Base) => class extends Base {
  stamp = 0;
  touch() { this.stamp++; return this; }
};
const Named = (Base, prefix) => class Named extends Base {
  greet() { return prefix + ' ' + this.name; }
};
class Fancy extends Named(Timestamped(Circle), 'hello') {
  *[Symbol.iterator]() { yield this.r; yield this.stamp; }
}
class Stack extends Array {
  peek() { return this[this.length - 1]; }
}
class AppError extends Error {
  constructor(msg, code) { super(msg); this.name = 'AppError'; this.code = code; }
}

const shapes = [new Circle('c1', 1), new Square('s1'), new Fancy('f1', 2)];
const stack = new Stack();
const errors = [];
let step = 0;
const t = setInterval(() => {
  step++;
  const [c, s, f] = shapes;
  s.onResize(2);
  f.touch();
  stack.push(step * 10);
  try { if (step % 2) throw new AppError('odd step ' + step, step); } catch (e) { errors.push(e); }
  c.label = '<c' + step + '>';
  console.log(step, c.describe(), s.describe(), f.greet(), [...f].join(','), +f > 12, `${c}`.length,
    Shape.count, Shape.kind, Circle.byName('f1'), Shape.byName('s1') === s, stack.peek(), stack.length,
    stack instanceof Stack, f instanceof Circle, errors.length, errors[0] instanceof AppError,
    errors[errors.length - 1].code, errors[0].message, c.label, Object.keys(s).join('+'));
  if (step === 6) clearInterval(t);
}, 10);
