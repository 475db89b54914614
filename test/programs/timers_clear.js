// Checks clearTimeout/clearInterval/clearImmediate, clearing from other callbacks, and clearing invalid or already-fired handles.
console.log('start');
const t1 = setTimeout(() => console.log('t1 should not run'), 10);
clearTimeout(t1);

const i1 = setImmediate(() => console.log('i1 should not run'));
clearImmediate(i1);

const t2 = setTimeout(() => console.log('t2 runs'), 40);

// Clearing a timer from inside its own callback.
const selfTimer = setTimeout(() => {
  clearTimeout(selfTimer);
  console.log('timer cleared itself (no effect)');
}, 75);

const victim = setTimeout(() => console.log('victim should not run'), 250);
setTimeout(() => {
  console.log('killer clears victim');
  clearTimeout(victim);
}, 110);

// Clearing an immediate from an earlier immediate of the same batch.
setImmediate(() => {
  console.log('imm A clears imm B');
  clearImmediate(immB);
});
const immB = setImmediate(() => console.log('imm B should not run'));
setImmediate(() => console.log('imm C runs'));

// Invalid handles are ignored.
clearTimeout(undefined);
clearTimeout(null);
clearTimeout(12345);
clearTimeout({});
clearInterval(undefined);
clearImmediate(undefined);
clearImmediate(null);

setTimeout(() => {
  console.log('clearing a fired timer is harmless');
  clearTimeout(t2);
  clearTimeout(t2);
}, 180);

// An interval cleared by a timeout: it must have ticked at least twice, and never again afterwards.
let n = 0;
let clearedAt = -1;
const iv = setInterval(() => {
  n++;
  if (clearedAt >= 0) console.log('interval ticked after being cleared!');
}, 20);
setTimeout(() => {
  clearInterval(iv);
  clearedAt = n;
  console.log('interval cleared, ticked at least twice:', n >= 2);
}, 140);

// clearTimeout also cancels intervals, clearInterval also cancels timeouts.
const iv2 = setInterval(() => console.log('iv2 should not run'), 5);
clearTimeout(iv2);
const t3 = setTimeout(() => console.log('t3 should not run'), 5);
clearInterval(t3);

console.log('sync end');
