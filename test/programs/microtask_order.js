// Checks microtask FIFO ordering between Promise.then and queueMicrotask, nested microtasks, and that all microtasks run before timers/immediates.
console.log('sync 1');
setTimeout(() => console.log('timeout 250'), 250);
setImmediate(() => console.log('immediate'));

Promise.resolve().then(() => console.log('then 1'));
queueMicrotask(() => console.log('queueMicrotask 1'));
Promise.resolve().then(() => {
  console.log('then 2');
  queueMicrotask(() => console.log('queueMicrotask nested in then 2'));
  Promise.resolve().then(() => console.log('then nested in then 2'));
});
queueMicrotask(() => {
  console.log('queueMicrotask 2');
  Promise.resolve()
    .then(() => console.log('chain a'))
    .then(() => console.log('chain b'))
    .then(() => console.log('chain c'));
});

new Promise((resolve) => {
  console.log('executor runs synchronously');
  resolve('resolved value');
}).then((v) => console.log('then 3', v));

const p = Promise.resolve(1);
p.then((v) => console.log('p.then A', v));
p.then((v) => console.log('p.then B', v));

// A long microtask chain still completes before the immediate.
let n = 0;
function spin() {
  n++;
  if (n < 1000) return Promise.resolve().then(spin);
  console.log('spin finished', n);
}
spin();

console.log('sync 2');
