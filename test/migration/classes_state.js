// Classes: constructor state, methods, getters/setters, static fields and methods, a subclass using super, a class made by a factory, instances updated from a timer.
class Sensor {
  static count = 0;
  static registry = [];
  static create(name) {
    return new this(name);
  }
  constructor(name) {
    this.name = name;
    this.readings = [];
    this._offset = 0;
    Sensor.count++;
    Sensor.registry.push(name);
  }
  read(v) {
    const r = v + this._offset;
    this.readings.push(r);
    return r;
  }
  get last() {
    return this.readings.length ? this.readings[this.readings.length - 1] : null;
  }
  get offset() {
    return this._offset;
  }
  set offset(v) {
    this._offset = Math.round(v * 10) / 10;
  }
  get label() {
    return 'sensor ' + this.name;
  }
  toString() {
    return this.label + ' (' + this.readings.length + ' readings)';
  }
}

class SmartSensor extends Sensor {
  static kind = 'smart';
  constructor(name, unit) {
    super(name);
    this.unit = unit;
    this.alarms = 0;
  }
  read(v) {
    const r = super.read(v);
    if (r > 25) this.alarms++;
    return r;
  }
  get label() {
    return super.label + ' [' + this.unit + ']';
  }
  static describe() {
    return this.kind + ' ' + super.create.name + ' ' + Sensor.count;
  }
}

function withPrefix(prefix) {
  let made = 0;
  return class Tagged {
    constructor(v) {
      this.v = v;
      made++;
    }
    tag() {
      return prefix + this.v + '#' + made;
    }
    static made() {
      return made;
    }
  };
}

const Hot = withPrefix('hot:');
const Cold = withPrefix('cold:');
const plain = Sensor.create('door');
const smart = new SmartSensor('boiler', 'C');
const tags = [new Hot(1), new Cold(2)];
const samples = [21, 24.5, 27, 19, 30.25, 26];
let step = 0;
console.log('classes', Sensor.name, SmartSensor.name, Hot.name, Object.getPrototypeOf(SmartSensor) === Sensor, SmartSensor.describe());

const id = setInterval(() => {
  const v = samples[step % samples.length];
  step++;
  plain.read(v);
  smart.read(v);
  smart.offset = step * 0.33;
  if (step % 2 === 0) tags.push(step % 4 === 0 ? new Hot(step) : new Cold(step));
  console.log('step', step, String(plain), '/', `${smart}`, 'last', plain.last, smart.last, 'offset', smart.offset, 'alarms', smart.alarms);
  console.log('  tags', tags.map((t) => t.tag()).join(' '), 'made', Hot.made(), Cold.made(), 'count', Sensor.count);
  if (step === 6) {
    clearInterval(id);
    console.log(plain);
    console.log(smart instanceof Sensor, smart instanceof SmartSensor, tags[0] instanceof Hot, tags[1] instanceof Hot, Sensor.registry);
    console.log(Object.getOwnPropertyNames(SmartSensor.prototype), Object.keys(smart));
  }
}, 20);
