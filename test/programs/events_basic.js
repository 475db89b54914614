// Checks require('events') EventEmitter: on/once/prepend/emit return values, removeListener/off, removeAllListeners, listener order and counts.
const EventEmitter = require('events');
console.log(typeof EventEmitter, EventEmitter === EventEmitter.EventEmitter);

const bus = new EventEmitter();
console.log('emit without listeners:', bus.emit('nothing'));

function onData(value, unit) {
  console.log('onData', value, unit, this === bus);
}
bus.on('data', onData);
bus.on('data', (value) => console.log('arrow listener', value));
bus.prependListener('data', () => console.log('prepended runs first'));
bus.once('data', (value) => console.log('once listener', value));
console.log('emit returned', bus.emit('data', 21.5, 'C'));
console.log('second emit');
bus.emit('data', 22, 'C');

console.log('listenerCount', bus.listenerCount('data'), 'eventNames', bus.eventNames());
bus.removeListener('data', onData);
console.log('after removeListener', bus.listenerCount('data'));
bus.emit('data', 23);

bus.off('data', onData);
console.log('removing again is a no-op', bus.listenerCount('data'));

// once + removeListener by the original function.
function never() {
  console.log('never');
}
bus.once('tick', never);
bus.removeListener('tick', never);
console.log('tick emitted?', bus.emit('tick'));

// Listener removing another listener during emit does not affect the current emit.
const e2 = new EventEmitter();
function second() {
  console.log('second still called during the same emit');
}
e2.on('x', () => {
  console.log('first removes second');
  e2.removeListener('x', second);
});
e2.on('x', second);
e2.emit('x');
console.log('second emit, listeners:', e2.listenerCount('x'));
e2.emit('x');

// Same function added twice; removeListener removes only one.
const e3 = new EventEmitter();
let hits = 0;
const hit = () => hits++;
e3.on('h', hit).on('h', hit);
e3.emit('h');
e3.removeListener('h', hit);
e3.emit('h');
console.log('hits', hits);

// newListener / removeListener meta-events.
const e4 = new EventEmitter();
e4.on('newListener', (name, fn) => console.log('newListener', name, fn.name));
e4.on('removeListener', (name, fn) => console.log('removeListener', name, fn.name));
function alpha() {}
function beta() {}
e4.on('a', alpha);
e4.once('b', beta);
e4.emit('b');
e4.removeAllListeners('a');
console.log('remaining', e4.eventNames());
e4.removeAllListeners();
console.log('after removeAllListeners', e4.eventNames());

// Symbols as event names, listeners() vs rawListeners().
const sym = Symbol('sensor');
const e5 = new EventEmitter();
e5.on(sym, (v) => console.log('symbol event', v));
e5.once('o', function onceFn() {});
e5.emit(sym, 'ok');
console.log(e5.eventNames(), e5.listeners('o')[0].name, e5.rawListeners('o')[0].listener.name);
console.log('max listeners', e5.getMaxListeners(), e5.setMaxListeners(20) === e5, e5.getMaxListeners());

// Async-style usage with timers.
const ticker = new EventEmitter();
let n = 0;
ticker.on('tick', (count) => {
  console.log('tick', count);
  if (count === 3) ticker.emit('done', 'after ' + count);
});
ticker.once('done', (msg) => {
  console.log('done', msg);
  clearInterval(iv);
});
const iv = setInterval(() => ticker.emit('tick', ++n), 10);
