// Exercises: closures created in hot loops capturing block-scoped lets and parameters, higher-order array functions, memoization and callback lists.

let rngState = 0x6d2b79f5;
function rand() {
  rngState ^= rngState << 13;
  rngState ^= rngState >>> 17;
  rngState ^= rngState << 5;
  return rngState >>> 0;
}

function mix(h, v) {
  return (Math.imul(h ^ (v | 0), 0x01000193) + 0x9e37) >>> 0;
}

// 1. Closures created per iteration, each capturing its own `i` and a per-iteration `k`.
function loopClosures(rounds, width) {
  let hash = 17;
  for (let round = 0; round < rounds; round++) {
    const fns = [];
    for (let i = 0; i < width; i++) {
      const k = (i ^ round) & 31;
      fns.push(() => i * k + round);
    }
    let sum = 0;
    for (let j = fns.length - 1; j >= 0; j--) sum += fns[j]();
    hash = mix(hash, sum);
  }
  return hash;
}

// 2. Counter objects whose methods share captured state and captured parameters.
function makeCounter(start, step) {
  let value = start;
  let calls = 0;
  return {
    inc() { calls++; value += step; return value; },
    dec() { calls++; value -= step >> 1; return value; },
    peek: () => value,
    calls: () => calls,
  };
}

function countersWorkout(count, ticks) {
  const counters = [];
  for (let c = 0; c < count; c++) counters.push(makeCounter(c, (c % 7) + 1));
  let hash = 3;
  for (let t = 0; t < ticks; t++) {
    const ctr = counters[t % count];
    if ((t & 3) === 3) ctr.dec(); else ctr.inc();
  }
  for (const ctr of counters) hash = mix(mix(hash, ctr.peek()), ctr.calls());
  return hash;
}

// 3. Generator-style closures: each call to `next` advances captured state.
function makeSequence(a, b, modulus) {
  let x = a;
  let y = b;
  return function next() {
    const z = (x + y * 3) % modulus;
    x = y;
    y = z;
    return z;
  };
}

function sequences(streams, steps) {
  const gens = [];
  for (let s = 0; s < streams; s++) gens.push(makeSequence(s + 1, s * 5 + 2, 10007 + s));
  let hash = 5;
  for (let n = 0; n < steps; n++) {
    let acc = 0;
    for (let g = 0; g < gens.length; g++) acc += gens[g]();
    hash = mix(hash, acc);
  }
  return hash;
}

// 4. Memoization through a closure-held Map, used by recursive functions.
function memoize(fn) {
  const cache = new Map();
  let hits = 0;
  const wrapped = (n) => {
    const cached = cache.get(n);
    if (cached !== undefined) { hits++; return cached; }
    const result = fn(n);
    cache.set(n, result);
    return result;
  };
  wrapped.hits = () => hits;
  return wrapped;
}

function memoWorkout(limit, queries) {
  // Length of the 3n+1 trajectory, recursive and memoized.
  const steps = memoize((n) => {
    if (n === 1) return 0;
    const next = (n & 1) === 0 ? n / 2 : 3 * n + 1;
    return 1 + (next < limit * 4 ? steps(next) : stepsSlow(next));
  });
  function stepsSlow(n) {
    let s = 0;
    while (n !== 1 && n >= limit * 4) { n = (n & 1) === 0 ? n / 2 : 3 * n + 1; s++; }
    return s + (n === 1 ? 0 : steps(n));
  }
  let hash = 7;
  for (let q = 0; q < queries; q++) {
    const n = (rand() % limit) + 1;
    hash = mix(hash, steps(n));
  }
  return mix(hash, steps.hits() & 0xffff);
}

// 5. A tiny event emitter built from closures, with listeners capturing parameters.
function createEmitter() {
  const listeners = new Map();
  let emitted = 0;
  return {
    on(name, fn) {
      let list = listeners.get(name);
      if (list === undefined) { list = []; listeners.set(name, list); }
      list.push(fn);
      return () => {
        const idx = list.indexOf(fn);
        if (idx >= 0) list.splice(idx, 1);
      };
    },
    emit(name, payload) {
      const list = listeners.get(name);
      if (list === undefined) return 0;
      emitted++;
      let delivered = 0;
      for (let i = 0; i < list.length; i++) { list[i](payload); delivered++; }
      return delivered;
    },
    emitted: () => emitted,
  };
}

function emitterWorkout(events) {
  const bus = createEmitter();
  const totals = [0, 0, 0, 0];
  const names = ["tick", "data", "error", "flush"];
  const unsubscribers = [];
  function subscribe(slot, weight) {
    const name = names[slot];
    unsubscribers.push(bus.on(name, (payload) => { totals[slot] += payload * weight + slot; }));
  }
  for (let i = 0; i < 12; i++) subscribe(i % 4, i + 1);
  let hash = 11;
  for (let e = 0; e < events; e++) {
    const slot = rand() & 3;
    hash = mix(hash, bus.emit(names[slot], e & 255));
    if (e % 5000 === 4999) {
      // Replace one listener with a fresh one (new closure capturing the loop variable).
      const victim = e % unsubscribers.length;
      unsubscribers[victim]();
      unsubscribers[victim] = bus.on(names[victim % 4], (payload) => { totals[victim % 4] += payload ^ e; });
    }
  }
  for (const t of totals) hash = mix(hash, t % 1000000007);
  return mix(hash, bus.emitted());
}

// 6. map / filter / reduce pipelines with inline arrows capturing loop variables.
function pipelines(rounds, size) {
  const base = [];
  for (let i = 0; i < size; i++) base.push(rand() % 1000);
  let hash = 13;
  for (let r = 0; r < rounds; r++) {
    const shift = r % 17;
    const out = base
      .map((v, idx) => (v + shift * idx) % 1009)
      .filter((v) => (v & 1) === (r & 1))
      .map((v) => ({ v, sq: v * v }))
      .reduce((acc, o) => (acc + o.sq - o.v * shift) % 1000000007, r);
    hash = mix(hash, out);
  }
  return hash;
}

// 7. Function composition and currying: closures over closures.
function compose(...fns) {
  return (x) => {
    let v = x;
    for (let i = fns.length - 1; i >= 0; i--) v = fns[i](v);
    return v;
  };
}
const curryAdd = (a) => (b) => (c) => (a + b * 2 + c * 3) | 0;

function composition(rounds) {
  let hash = 19;
  for (let r = 0; r < rounds; r++) {
    const addR = curryAdd(r & 63);
    const f = compose((x) => x ^ r, addR(3), (x) => (x * 5) & 0xffff, addR(r & 7));
    let v = r;
    for (let j = 0; j < 20; j++) v = f(v + j);
    hash = mix(hash, v);
  }
  return hash;
}

const parts = [
  loopClosures(600, 1000),
  countersWorkout(500, 1500000),
  sequences(40, 25000),
  memoWorkout(20000, 120000),
  emitterWorkout(100000),
  pipelines(250, 2000),
  composition(40000),
];
let checksum = 0;
for (const p of parts) checksum = mix(checksum, p);
console.log("closures: " + checksum.toString(16));
