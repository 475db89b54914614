// The scenario test's program: counts the messages on 'scenario/ticks' (each carries its
// sequence number) wherever it runs, beats every 100 ms, and says at the end whether it saw
// every message exactly once and in order.
const things = require('things');

let count = 0;
let expected = 1;
let wrong = 0;
let beats = 0;
let probed = false;

things.subscribe('scenario/ticks', (m) => {
  if (m && m.probe) {
    if (!probed) console.log('probed');
    probed = true;
    return;
  }
  if (m && m.done) {
    console.log(`received ${count} of ${m.done}, ${wrong} out of order`);
    things.unsubscribe('scenario/ticks');
    clearInterval(beat);
    return;
  }
  count += 1;
  if (m !== expected) {
    // A gap, a duplicate or a reordering.
    wrong += 1;
    console.log(`got ${m}, expected ${expected}, on ${things.worker}`);
  }
  expected = m + 1;
});

const beat = setInterval(() => {
  beats += 1;
  console.log(`beat ${beats} on ${things.worker}`);
}, 100);
