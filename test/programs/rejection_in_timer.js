// Checks that a promise rejected inside a timer callback and left unhandled terminates the program (exit 1) before the next timer.
console.log('start');
setTimeout(() => {
  console.log('first timer');
  new Promise((resolve, reject) => reject(new RangeError('rejected in timer')));
  Promise.resolve().then(() => console.log('microtask of first timer still runs'));
}, 10);
setTimeout(() => console.log('second timer must not run'), 150);
