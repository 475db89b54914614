// Checks timers and immediates scheduled from inside timer callbacks and immediates (inside a timer callback, immediates run before new 0 ms timers).
console.log('start');
setTimeout(() => {
  console.log('outer timer');
  setTimeout(() => console.log('timeout(0) from timer'), 0);
  setImmediate(() => {
    console.log('immediate from timer');
    Promise.resolve().then(() => console.log('micro from immediate'));
    setTimeout(() => console.log('timeout(25) from immediate'), 25);
  });
  Promise.resolve().then(() => console.log('micro from timer'));
}, 30);

setTimeout(() => {
  console.log('level 1');
  setTimeout(() => {
    console.log('level 2');
    setTimeout(() => {
      console.log('level 3');
      setImmediate(() => console.log('immediate after level 3'));
    }, 20);
  }, 20);
}, 120);

setImmediate(() => {
  console.log('top-level immediate');
  setImmediate(() => {
    console.log('second-generation immediate');
  });
});

console.log('main done');
