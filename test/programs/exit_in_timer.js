// Checks process.exit(3) called inside a timer: output before it appears, nothing after it (same callback, microtasks, immediates, later timers); exit code 3.
console.log('start');
let ticks = 0;
const iv = setInterval(() => {
  ticks++;
  console.log('tick', ticks);
  if (ticks === 3) {
    console.log('about to exit after', ticks, 'ticks');
    Promise.resolve().then(() => console.log('microtask must not run'));
    setImmediate(() => console.log('immediate must not run'));
    process.exit(3);
    console.log('statement after process.exit must not run');
  }
}, 20);
setTimeout(() => console.log('later timer must not run'), 250);
