// Publishes a tick on 'demo/ticks' every 100 ms, TICKS times (0: forever), for the counter
// (examples/counter.js) to count; `thingsjs up --demo` runs both on a local cluster.
//   build/cli/thingsjs run examples/ticker.js --virtual-time
const things = require('things');

const total = Number(process.env.TICKS || 20);
let sent = 0;
const timer = setInterval(() => {
  sent += 1;
  things.publish('demo/ticks', sent);
  if (sent === total) {
    clearInterval(timer);
    console.log(`published ${sent} ticks`);
  }
}, 100);
