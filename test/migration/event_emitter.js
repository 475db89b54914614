// require('events'): EventEmitter (module and .EventEmitter), a stateful subclass, on/once/prepend/off and emit from timers, listener closures, listener counts across ticks.
const EventEmitter = require('events');
const { EventEmitter: SameEmitter } = require('events');

class Thermostat extends EventEmitter {
  constructor(name, target) {
    super();
    this.name = name;
    this.target = target;
    this.temp = 15;
    this.heating = false;
    this.on('reading', this.onReading);
  }
  onReading(t) {
    this.temp = t;
    const want = t < this.target;
    if (want !== this.heating) {
      this.heating = want;
      this.emit(want ? 'heat-on' : 'heat-off', t);
    }
  }
}

function makeLogger(prefix) {
  const lines = [];
  const fn = (...args) => {
    lines.push(args.join(' '));
    console.log(prefix, lines.length, args.join(' '));
  };
  fn.lines = lines;
  return fn;
}

const bus = new SameEmitter();
const hall = new Thermostat('hall', 20);
const heatLog = makeLogger('heat');
let offCount = 0;
hall.on('heat-on', (t) => heatLog('on at', t));
hall.on('heat-off', function (t) {
  offCount++;
  heatLog('off at', t, 'by', this.name, 'count', offCount);
});
hall.once('heat-off', () => console.log('first heat-off, once listener'));
hall.prependListener('reading', (t) => console.log('reading', t, 'was', hall.temp));

let total = 0;
const adder = (n) => {
  total += n;
};
bus.on('add', adder);
bus.once('add', (n) => console.log('first add only', n));
bus.on('done', (summary) => console.log('done', JSON.stringify(summary)));

const temps = [16, 18, 21, 22, 19, 17, 23];
let tick = 0;
const id = setInterval(() => {
  const t = temps[tick];
  tick++;
  hall.emit('reading', t);
  bus.emit('add', t);
  if (tick === 4) bus.off('add', adder);
  console.log('tick', tick, 'heating', hall.heating, 'total', total, 'counts', hall.listenerCount('heat-off'), bus.listenerCount('add'), 'names', hall.eventNames().join(','));
  if (tick === temps.length) {
    clearInterval(id);
    bus.emit('done', { tick, total, lines: heatLog.lines });
    console.log(EventEmitter === SameEmitter, hall instanceof EventEmitter, bus.emit('nothing'), typeof EventEmitter.once, EventEmitter.defaultMaxListeners);
  }
}, 20);
