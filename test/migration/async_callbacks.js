// Async callbacks that await timers between ticks: the program is captured at boundaries where
// nothing is awaited (capture waits for one, turn by turn), and its async functions, closures
// and settled results migrate.
const sleep = (ms, value) => new Promise((resolve) => setTimeout(resolve, ms, value));
const readings = [];
let lastGood = Promise.resolve('none yet');
async function readSensor(i) {
  const raw = await sleep(2, 20 + (i % 5));
  if (raw > 23) throw new Error('spike ' + raw);
  return raw;
}
async function sample(i) {
  try {
    const v = await readSensor(i);
    readings.push(v);
    lastGood = Promise.resolve(v);
    return 'ok ' + v;
  } catch (e) {
    return 'error ' + e.message;
  }
}
let tick = 0;
const t = setInterval(async () => {
  tick++;
  const status = await sample(tick);
  const good = await lastGood;
  console.log('tick', tick, status, 'last good', good, 'readings', readings.join(','));
  if (tick === 8) clearInterval(t);
}, 10);
