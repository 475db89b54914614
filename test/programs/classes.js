// Checks class fields, private fields/methods/static privates, static blocks, accessors, inheritance, super calls, instanceof and new.target.
class Device {
  static count = 0;
  static #registry = [];
  static {
    Device.kind = 'generic';
    Device.#registry.push('boot');
  }

  id;
  #secret = 'hidden';
  name = 'device-' + (Device.count + 1);

  constructor(label) {
    Device.count++;
    this.id = Device.count;
    this.label = label;
    Device.#registry.push(label);
    this.createdBy = new.target.name;
  }

  get secretLength() {
    return this.#secret.length;
  }
  set secret(v) {
    this.#secret = this.#validate(v);
  }
  #validate(v) {
    if (typeof v !== 'string') throw new TypeError('secret must be a string');
    return v.trim();
  }
  static registry() {
    return [...Device.#registry];
  }
  static isDevice(o) {
    return #secret in o;
  }
  describe() {
    return `${this.label}#${this.id}`;
  }
  toString() {
    return `[Device ${this.describe()}]`;
  }
}

class Sensor extends Device {
  #readings = [];
  unit = 'C';
  constructor(label, unit) {
    super(label);
    if (unit) this.unit = unit;
  }
  record(v) {
    this.#readings.push(v);
    return this;
  }
  get average() {
    if (this.#readings.length === 0) return NaN;
    return this.#readings.reduce((a, b) => a + b, 0) / this.#readings.length;
  }
  describe() {
    return 'sensor ' + super.describe() + ' [' + this.unit + ']';
  }
  static create(...args) {
    return new this(...args);
  }
}

class SmartSensor extends Sensor {
  describe() {
    return 'smart ' + super.describe();
  }
}

const d = new Device('lamp');
const s = new Sensor('thermo');
const h = Sensor.create('hygro', '%');
const ss = new SmartSensor('clever', 'K');

s.record(20).record(22).record(27);
console.log(d.describe(), '|', s.describe(), '|', h.describe(), '|', ss.describe());
console.log(String(d), `${ss}`);
console.log('average', s.average, 'empty average', h.average);
console.log('secretLength', d.secretLength);
d.secret = '  abc  ';
console.log('secretLength after set', d.secretLength);
try {
  d.secret = 42;
} catch (e) {
  console.log(e.name + ': ' + e.message);
}
console.log('count', Device.count, 'kind', Device.kind, 'Sensor inherits static', Sensor.count);
console.log('registry', Device.registry());
console.log('isDevice', Device.isDevice(ss), Device.isDevice({}));
console.log('createdBy', d.createdBy, s.createdBy, h.createdBy, ss.createdBy);
console.log(ss instanceof SmartSensor, ss instanceof Sensor, ss instanceof Device, d instanceof Sensor);
console.log(Object.getPrototypeOf(SmartSensor) === Sensor, typeof Device, Device.name, SmartSensor.name);
console.log('own keys', Object.keys(ss));
console.log(d);
console.log(s);

try {
  Device('no new');
} catch (e) {
  console.log(e.name + ': ' + e.message);
}

// Accessing a private field on the wrong object.
try {
  Object.getOwnPropertyDescriptor(Sensor.prototype, 'average').get.call({});
} catch (e) {
  console.log(e.name);
}

// Class expressions, computed names, symbols and static inheritance.
const methodName = 'dyn' + 'amic';
const Anon = class {
  [methodName]() {
    return 'computed method';
  }
  static [Symbol.hasInstance](x) {
    return x === 'magic';
  }
  *[Symbol.iterator]() {
    yield 1;
    yield 2;
  }
};
console.log(new Anon().dynamic(), 'magic' instanceof Anon, [...new Anon()], Anon.name);

// super property access in object literals.
const base = {
  greet() {
    return 'hello from base';
  },
};
const derived = {
  __proto__: base,
  greet() {
    return super.greet() + ' via derived';
  },
};
console.log(derived.greet());

// Extending built-ins.
class Stack extends Array {
  peek() {
    return this[this.length - 1];
  }
}
const st = Stack.from([1, 2, 3]);
st.push(4);
console.log(st.peek(), st.length, st instanceof Array, Array.isArray(st), st.map((x) => x * 2) instanceof Stack);

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
  }
}
const he = new HttpError(404, 'not found');
console.log(he.name + ': ' + he.message, he.status, he instanceof Error, String(he));
