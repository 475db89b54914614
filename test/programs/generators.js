// Checks generators: lazy evaluation, yield*, return()/throw(), two-way communication via next(value), and infinite generators with take().
function* naturals() {
  let n = 0;
  while (true) yield n++;
}

function* take(iter, count) {
  if (count <= 0) return;
  for (const v of iter) {
    yield v;
    if (--count <= 0) return;
  }
}

function* map(iter, fn) {
  for (const v of iter) yield fn(v);
}

function* filter(iter, pred) {
  for (const v of iter) if (pred(v)) yield v;
}

console.log([...take(map(filter(naturals(), (n) => n % 3 === 0), (n) => n * n), 6)]);

function* inner() {
  const x = yield 'inner-1';
  console.log('  inner received', x);
  yield 'inner-2';
  return 'inner-result';
}

function* outer() {
  yield 'outer-1';
  const r = yield* inner();
  console.log('  yield* returned', r);
  yield* [10, 20];
  yield* 'ab';
  return 'outer-done';
}

const g = outer();
console.log(g.next());
console.log(g.next());
console.log(g.next('hello'));
console.log(g.next());
console.log(g.next());
console.log(g.next());
console.log(g.next());
console.log(g.next());
console.log(g.next());

function* withCleanup() {
  try {
    yield 1;
    yield 2;
    yield 3;
  } finally {
    console.log('  cleanup ran');
  }
}

const c = withCleanup();
console.log(c.next(), c.return('early'), c.next());

for (const v of withCleanup()) {
  if (v === 2) break;
  console.log('loop value', v);
}

function* resilient() {
  let errors = 0;
  while (true) {
    try {
      yield 'ready ' + errors;
    } catch (e) {
      errors++;
      console.log('  generator caught', e.message);
      if (errors >= 2) return 'gave up';
    }
  }
}
const r = resilient();
console.log(r.next());
console.log(r.throw(new Error('first')));
console.log(r.throw(new Error('second')));
console.log(r.next());

const unstarted = resilient();
try {
  unstarted.throw(new Error('before start'));
} catch (e) {
  console.log('throw before start propagates:', e.message);
}

function* fib() {
  let [a, b] = [0, 1];
  for (;;) {
    yield a;
    [a, b] = [b, a + b];
  }
}
const fibs = [];
for (const f of fib()) {
  if (f > 100) break;
  fibs.push(f);
}
console.log('fib', fibs.join(','));

const obj = {
  *[Symbol.iterator]() {
    yield* Object.entries({ x: 1, y: 2 });
  },
};
console.log(Array.from(obj), new Map(obj).get('y'));

const genFn = function* () {};
console.log(typeof genFn, Object.prototype.toString.call(genFn()), genFn.constructor.name);

const [first, , third, ...rest] = take(naturals(), 7);
console.log(first, third, rest);
