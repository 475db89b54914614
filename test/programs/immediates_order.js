// Checks setImmediate FIFO order, extra args, microtasks between immediates, and that immediates queued during the check phase wait for the next one.
setImmediate((a, b) => console.log('imm 1', a, b), 'x', 42);
setImmediate(() => {
  console.log('imm 2');
  Promise.resolve().then(() => console.log('  micro in imm 2'));
  queueMicrotask(() => console.log('  queueMicrotask in imm 2'));
  setImmediate(() => console.log('imm 2 -> child (next check phase)'));
});
setImmediate(() => {
  console.log('imm 3');
  setImmediate(() => {
    console.log('imm 3 -> child');
    setImmediate(() => console.log('imm 3 -> grandchild'));
  });
});
setImmediate(function () {
  console.log('imm 4 argument count', arguments.length);
});
Promise.resolve().then(() => console.log('main micro runs before any immediate'));
console.log('main');
