// Checks an uncaught exception thrown from a timer after some output: exit code 1, and nothing queued afterwards (microtasks, immediates, timers) runs.
const EventEmitter = require('events');
const bus = new EventEmitter();
let n = 0;
const iv = setInterval(() => {
  n++;
  console.log('reading', n);
  if (n === 3) {
    Promise.resolve().then(() => console.log('microtask after throw must not run'));
    setImmediate(() => console.log('immediate must not run'));
    // No 'error' listener: emit throws, and nothing catches it.
    bus.emit('error', new Error('sensor failure'));
  }
}, 10);
setTimeout(() => console.log('timer must not run'), 250);
console.log('started');
