// Checks EventEmitter subclassing (class extends, old-style call + setPrototypeOf), 'this' in listeners, and a timer-driven sensor simulation.
const EventEmitter = require('events');

class Sensor extends EventEmitter {
  constructor(name, values) {
    super();
    this.name = name;
    this.values = values;
    this.index = 0;
  }
  start(ms) {
    this.emit('start', this.name);
    this.timer = setInterval(() => this.#tick(), ms);
    return this;
  }
  #tick() {
    if (this.index >= this.values.length) {
      clearInterval(this.timer);
      this.emit('end', this.index);
      return;
    }
    const v = this.values[this.index++];
    if (v === null) this.emit('error', new Error(`${this.name}: bad reading`));
    else this.emit('reading', v);
  }
}

class ThresholdSensor extends Sensor {
  constructor(name, values, limit) {
    super(name, values);
    this.limit = limit;
    this.on('reading', (v) => {
      if (v > this.limit) this.emit('alarm', v);
    });
  }
  emit(type, ...args) {
    if (type !== 'reading') console.log(`  [${this.name}] emit ${String(type)}`);
    return super.emit(type, ...args);
  }
}

const temp = new ThresholdSensor('temp', [20, 25, 31, null, 29, 35], 30);
temp.on('start', function (name) {
  console.log('started', name, this === temp, this instanceof EventEmitter);
});
temp.on('reading', function (v) {
  console.log(this.name, 'reading', v);
});
temp.on('alarm', (v) => console.log('ALARM', v));
temp.on('error', (err) => console.log('error event:', err.message));
temp.once('end', (count) => console.log('temp ended after', count, 'values'));
temp.start(10);

// Old-style inheritance.
function Relay(id) {
  EventEmitter.call(this);
  this.id = id;
  this.state = false;
}
Object.setPrototypeOf(Relay.prototype, EventEmitter.prototype);
Relay.prototype.toggle = function () {
  this.state = !this.state;
  this.emit('change', this.state);
};
const relay = new Relay('r1');
relay.on('change', function (s) {
  console.log('relay', this.id, 'is now', s ? 'on' : 'off');
});
relay.toggle();
relay.toggle();
console.log(relay instanceof EventEmitter, relay.listenerCount('change'), Object.keys(relay));

// Sharing one emitter between producers via a small pub/sub hub.
class Hub extends EventEmitter {
  publish(topic, msg) {
    return this.emit(topic, msg);
  }
  subscribe(topic, fn) {
    this.on(topic, fn);
    return () => this.off(topic, fn);
  }
}
const hub = new Hub();
const unsubscribe = hub.subscribe('news', (m) => console.log('subscriber got', m));
console.log(hub.publish('news', 'hello'));
unsubscribe();
console.log(hub.publish('news', 'nobody listening'));
