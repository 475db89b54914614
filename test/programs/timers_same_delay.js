// Checks that timers with the same delay run in creation order, with microtasks drained after every single callback.
const order = [];
for (let i = 0; i < 6; i++) {
  setTimeout(() => {
    console.log('timer', i);
    Promise.resolve().then(() => console.log('  micro after timer', i));
    queueMicrotask(() => console.log('  queueMicrotask after timer', i));
  }, 15);
}
setTimeout(() => console.log('last, longer delay'), 60);
console.log('scheduled');
