// Per-iteration bindings: closures made in for-let, for-of const, for-in, while and nested loops (and passed to timers) keep their own iteration's variables.
const fns = [];
for (let i = 0; i < 4; i++) {
  let sq = i * i;
  fns.push(() => {
    sq += i;
    return 'i=' + i + ' sq=' + sq;
  });
}

// The closure changes its own iteration's copy of j; other iterations are not affected.
const bumps = [];
for (let j = 0; j < 3; j++) bumps.push(() => ++j);

const names = [];
for (const x of ['ax', 'by', 'cz']) {
  names.push({
    get: () => x,
    shout() {
      return x.toUpperCase() + '!';
    },
  });
}

const keyed = {};
for (const k in { alpha: 1, beta: 2, gamma: 3 }) {
  keyed[k] = () => k + ':' + k.length;
}

const pairs = [];
outer: for (let r = 0; r < 3; r++) {
  for (let c = 0; c < 3; c++) {
    if (c > r) continue outer;
    pairs.push(() => r + '' + c);
  }
}

const fromWhile = [];
let w = 0;
while (w < 3) {
  const m = w * 10;
  let seen = 0;
  fromWhile.push(() => m + ++seen);
  w++;
}

const destructured = [];
for (const [name, value] of [['p', 1], ['q', 2]]) {
  destructured.push(() => name + '=' + value);
}
for (const { id, tags = [] } of [{ id: 7, tags: ['hot'] }, { id: 8 }]) {
  destructured.push(() => id + ':' + tags.join('+'));
}

const caught = [];
for (const bad of ['x', 'y']) {
  try {
    throw new Error('bad ' + bad);
  } catch (e) {
    caught.push(() => e.message);
  }
}

let tick = 0;
const id = setInterval(() => {
  tick++;
  console.log('tick', tick, fns.map((f) => f()).join(' | '));
  console.log('  bumps', bumps.map((b) => b()).join(','), 'names', names[tick % 3].get(), names[(tick + 1) % 3].shout());
  console.log('  keyed', Object.keys(keyed).map((k) => keyed[k]()).join(','), 'pairs', pairs.map((p) => p()).join(','));
  console.log('  while', fromWhile.map((f) => f()).join(','), 'destructured', destructured.map((f) => f()).join(','), 'caught', caught.map((f) => f()).join(','));
  if (tick === 5) clearInterval(id);
}, 20);

for (let t = 0; t < 3; t++) {
  const label = 'late-' + t;
  setTimeout(() => console.log('timeout', t, label, fns[t]()), 160);
}
for (const s of ['a', 'b']) setTimeout((suffix) => console.log('timeout of', s + suffix), 160, '!');
