// Checks an exception thrown synchronously by the main program after output: exit code 1, no microtasks/timers run afterwards.
console.log('line 1');
Promise.resolve().then(() => console.log('microtask must not run'));
setTimeout(() => console.log('timer must not run'), 0);
function deep(n) {
  if (n === 0) throw new TypeError('thrown from depth');
  return deep(n - 1);
}
console.log('line 2');
deep(5);
console.log('never printed');
