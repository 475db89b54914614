// Checks closures: counters, let vs var capture in loops (with timers), closures created in try/catch/finally/switch blocks and IIFEs.
function makeCounter(start = 0) {
  let count = start;
  return {
    inc: () => ++count,
    dec: () => --count,
    get value() {
      return count;
    },
  };
}

const c1 = makeCounter();
const c2 = makeCounter(10);
c1.inc();
c1.inc();
c2.dec();
console.log('counters', c1.value, c2.value, c1.inc(), c2.inc());

const varFns = [];
for (var i = 0; i < 3; i++) varFns.push(() => i);
const letFns = [];
for (let j = 0; j < 3; j++) letFns.push(() => j);
console.log('var capture', varFns.map((f) => f()));
console.log('let capture', letFns.map((f) => f()));

for (var k = 0; k < 3; k++) setTimeout(() => console.log('var in timer', k), 10);
for (let m = 0; m < 3; m++) setTimeout(() => console.log('let in timer', m), 40);

// let in for-loop: each iteration gets a fresh copy, but updates in the body are visible to closures from that iteration.
const fns = [];
for (let x = 0; x < 6; x += 2) {
  fns.push(() => x);
  x++;
}
console.log('mutated loop var', fns.map((f) => f()));

function fromTry(fail) {
  let getter;
  try {
    const secret = 'try-' + fail;
    getter = () => secret;
    if (fail) throw new Error('nope');
  } catch (err) {
    const msg = err.message;
    getter = () => 'catch-' + msg;
  } finally {
    const old = getter;
    getter = () => old() + '+finally';
  }
  return getter;
}
console.log(fromTry(false)(), fromTry(true)());

function fromSwitch(kind) {
  switch (kind) {
    case 'a': {
      const v = 'alpha';
      return () => v;
    }
    case 'b': {
      let v = 'beta';
      const f = () => v;
      v += '!';
      return f;
    }
    default:
      return () => 'default:' + kind;
  }
}
console.log(fromSwitch('a')(), fromSwitch('b')(), fromSwitch('z')());

const adders = [1, 2, 3].map((n) => (x) => x + n);
console.log('adders', adders.map((f) => f(10)));

const memo = (() => {
  const cache = new Map();
  let misses = 0;
  function fib(n) {
    if (n < 2) return n;
    if (cache.has(n)) return cache.get(n);
    misses++;
    const v = fib(n - 1) + fib(n - 2);
    cache.set(n, v);
    return v;
  }
  return { fib, misses: () => misses };
})();
console.log('fib(50)', memo.fib(50), 'misses', memo.misses());

function once(fn) {
  let done = false;
  let result;
  return function (...args) {
    if (!done) {
      done = true;
      result = fn.apply(this, args);
    }
    return result;
  };
}
const init = once((v) => {
  console.log('init ran with', v);
  return v * 2;
});
console.log(init(21), init(99));

// Closures shared between two functions see the same variable.
function pair() {
  let shared = 0;
  return [() => shared++, () => shared];
}
const [bump, read] = pair();
bump();
bump();
console.log('shared', read());

// Shadowing in nested blocks.
let s = 'outer';
{
  let s = 'block';
  {
    const s2 = s + '-inner';
    console.log(s2);
  }
}
console.log(s);
