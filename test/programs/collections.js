// Checks Map/Set/WeakMap/WeakSet semantics: insertion order, key equality (NaN, -0, objects), mutation during iteration, conversion helpers.
const m = new Map();
m.set('b', 2).set('a', 1).set(NaN, 'nan').set(0, 'zero');
m.set('b', 22);
console.log([...m.keys()], m.get(NaN), m.get(-0), m.size);
m.delete('a');
m.set('a', 111);
console.log([...m.entries()]);

const objKey = { id: 1 };
const m2 = new Map([[objKey, 'object value']]);
console.log(m2.get(objKey), m2.get({ id: 1 }), m2.has(objKey));

const s = new Set([3, 1, 3, 2, 1, NaN, NaN, 0, -0]);
console.log([...s], s.size, s.has(-0));

// Mutation during iteration: added entries are visited, deleted ones are not.
const seen = [];
const live = new Set([1, 2, 3]);
for (const v of live) {
  seen.push(v);
  if (v === 1) {
    live.delete(2);
    live.add(4);
  }
  if (v === 4) live.add(5);
}
console.log('visited', seen);

const counts = new Map();
for (const word of 'the quick brown fox jumps over the lazy dog the end'.split(' ')) {
  counts.set(word, (counts.get(word) || 0) + 1);
}
const sorted = [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
console.log(sorted.slice(0, 3));
console.log(Object.fromEntries(counts));
console.log(new Map(Object.entries({ x: 1, y: 2 })));

const wm = new WeakMap();
const k1 = {};
const k2 = function () {};
wm.set(k1, 'one').set(k2, 'two');
console.log(wm.get(k1), wm.get(k2), wm.has({}), wm.delete(k1), wm.has(k1));
try {
  wm.set('string key', 1);
} catch (e) {
  console.log(e.name);
}

const ws = new WeakSet();
ws.add(k1);
console.log(ws.has(k1), ws.has(k2));

// Private data pattern with WeakMap.
const priv = new WeakMap();
class Counter {
  constructor() {
    priv.set(this, { n: 0 });
  }
  inc() {
    priv.get(this).n++;
    return this;
  }
  get n() {
    return priv.get(this).n;
  }
}
console.log(new Counter().inc().inc().n);

// forEach argument order and this.
m.forEach(function (value, key, map) {
  if (key === 'b') console.log('forEach', value, key, map === m, this.tag);
}, { tag: 'thisArg' });
new Set(['only']).forEach((v, k, set) => console.log('set forEach', v, k, set.size));

// Set operations implemented by hand.
const A = new Set([1, 2, 3, 4]);
const B = new Set([3, 4, 5]);
console.log('union', [...new Set([...A, ...B])]);
console.log('intersection', [...A].filter((x) => B.has(x)));
console.log('difference', [...A].filter((x) => !B.has(x)));

const grouped = new Map();
for (const item of [{ t: 'a', v: 1 }, { t: 'b', v: 2 }, { t: 'a', v: 3 }]) {
  if (!grouped.has(item.t)) grouped.set(item.t, []);
  grouped.get(item.t).push(item.v);
}
console.log(grouped);
m.clear();
console.log(m.size, m);
