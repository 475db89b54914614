// A counter that keeps counting wherever it runs: it counts the messages on 'demo/ticks'
// and prints its count every second, with the worker it is on, for SECONDS seconds (0:
// forever). `thingsjs up --demo` runs it on a local cluster and moves it back and forth
// between workers while its output goes on.
//   build/cli/thingsjs run examples/counter.js --virtual-time
const things = require('things');

let seconds = 0;
let ticks = 0;

things.subscribe('demo/ticks', () => {
  ticks += 1;
});

const timer = setInterval(() => {
  seconds += 1;
  console.log(`${seconds} s, ${ticks} ticks, on ${things.worker}`);
  if (seconds === Number(process.env.SECONDS || 5)) {
    clearInterval(timer);
    things.unsubscribe('demo/ticks');
  }
}, 1000);
