// Checks EventEmitter error handling: unhandled 'error' throws (Error or wrapped non-Error), 'error' listeners, errors thrown by listeners, invalid listeners.
const EventEmitter = require('events');
const e = new EventEmitter();

try {
  e.emit('error', new Error('sensor offline'));
} catch (err) {
  console.log('thrown:', err.name + ': ' + err.message);
}

try {
  e.emit('error', 'just a string');
} catch (err) {
  console.log('thrown:', err.name + ': ' + err.message, '| code', err.code, '| context', err.context);
}

try {
  e.emit('error');
} catch (err) {
  console.log('thrown:', err.message);
}

e.once('error', (err) => console.log('handled once:', err.message));
console.log('emit with handler returns', e.emit('error', new Error('first')));
try {
  e.emit('error', new TypeError('second'));
} catch (err) {
  console.log('after once handler removed, thrown:', err.name + ': ' + err.message);
}

const monitorLog = [];
e.on(EventEmitter.errorMonitor, (err) => monitorLog.push(err.message));
e.on('error', (err) => console.log('regular handler', err.message));
e.emit('error', new Error('monitored'));
console.log('errorMonitor saw', monitorLog);

const e2 = new EventEmitter();
e2.on('data', () => {
  throw new RangeError('listener exploded');
});
e2.on('data', () => console.log('not reached'));
try {
  e2.emit('data');
} catch (err) {
  console.log('emit propagated', err.name + ': ' + err.message);
}

for (const bad of [42, 'fn', null, {}]) {
  try {
    e2.on('x', bad);
  } catch (err) {
    console.log(err.name, err.code);
  }
}

// A listener that emits 'error' on the same emitter.
const e3 = new EventEmitter();
e3.on('error', (err) => console.log('e3 error handler got', err.message));
e3.on('work', (n) => {
  if (n < 0) e3.emit('error', new Error('negative work ' + n));
  else console.log('work', n);
});
e3.emit('work', 1);
e3.emit('work', -1);

// Errors inside timer-driven emits caught by try/catch in the timer.
const e4 = new EventEmitter();
setTimeout(() => {
  try {
    e4.emit('error', new Error('from timer'));
  } catch (err) {
    console.log('caught in timer:', err.message);
  }
}, 5);
