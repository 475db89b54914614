// A small IoT-style program: a simulated temperature sensor that publishes readings,
// and a handler that keeps a running average. Run it with:
//   build/cli/thingsjs run examples/hello.js
const things = require('things');

let readings = 0;
let sum = 0;

things.subscribe('home/kitchen/temperature', (celsius, topic) => {
  readings += 1;
  sum += celsius;
  console.log(`${topic}: ${celsius.toFixed(1)} °C (average ${(sum / readings).toFixed(2)} over ${readings})`);
  if (readings === 5) {
    things.unsubscribe('home/kitchen/temperature');
    clearInterval(sensor);
    console.log('done');
  }
});

// Deterministic "sensor": a slow sine wave around 21 °C, sampled every 200 ms.
let t = 0;
const sensor = setInterval(() => {
  t += 1;
  things.publish('home/kitchen/temperature', 21 + Math.sin(t / 2) * 1.5);
}, 200);
