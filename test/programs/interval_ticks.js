// Checks setInterval with extra args cleared from inside its own callback after N ticks, an interval started when the first one finishes, and self-clearing on the first tick.
let count = 0;
const handle = setInterval(
  (label, step) => {
    count += step;
    console.log(label, count);
    if (count >= 5 * step) {
      clearInterval(handle);
      console.log(label, 'done');
      startSlow();
    }
  },
  25,
  'fast',
  2
);

function startSlow() {
  let slow = 0;
  const slowHandle = setInterval(() => {
    slow++;
    console.log('slow', slow);
    Promise.resolve().then(() => console.log('slow micro', slow));
    if (slow === 3) clearInterval(slowHandle);
  }, 40);
}

let once = 0;
const selfClear = setInterval(function () {
  once++;
  clearInterval(selfClear);
  console.log('self clearing interval ran', once, 'time(s)');
}, 5);
