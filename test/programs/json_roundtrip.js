// Checks JSON.stringify/parse: round trips, indentation, replacers (function and array), toJSON, reviver, unsupported values and errors.
const data = {
  id: 7,
  name: 'sensor "alpha"',
  tags: ['indoor', 'temp'],
  nested: { ok: true, nothing: null, list: [1, 2.5, -3e-7, 1e21] },
  unicode: 'ü € 😀 \u2028',
  control: 'tab\tnewline\n',
};
const text = JSON.stringify(data);
console.log(text);
const back = JSON.parse(text);
console.log(JSON.stringify(back) === text, back.nested.list[2], back.unicode === data.unicode);

console.log(JSON.stringify(data.nested, null, 2));
console.log(JSON.stringify([1, { a: [] }, {}], null, '--'));
console.log(JSON.stringify({ a: 1, b: 2, c: { a: 3, d: 4 } }, ['a', 'c']));
console.log(
  JSON.stringify({ keep: 1, drop: 2, n: 3 }, (k, v) => {
    if (k === 'drop') return undefined;
    if (typeof v === 'number') return v * 10;
    return v;
  })
);

console.log(
  JSON.stringify({
    u: undefined,
    f() {},
    s: Symbol('x'),
    nan: NaN,
    inf: -Infinity,
    d: new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)),
    arr: [undefined, function () {}, Symbol('y')],
    nested: { toJSON() {
      return 'custom toJSON';
    } },
    map: new Map([[1, 2]]),
    set: new Set([1]),
    boxed: [new String('s'), new Number(1), new Boolean(false)],
  })
);
console.log(JSON.stringify(undefined), JSON.stringify(null), JSON.stringify('str'), JSON.stringify(() => 1));

try {
  JSON.stringify({ big: 10n });
} catch (e) {
  console.log(e.name);
}

const circular = { name: 'loop' };
circular.self = circular;
try {
  JSON.stringify(circular);
} catch (e) {
  console.log(e.name);
}

for (const bad of ['{bad json}', '', '[1,]', "{'a':1}", 'undefined']) {
  try {
    JSON.parse(bad);
    console.log('parsed?', bad);
  } catch (e) {
    console.log('parse error:', e.name);
  }
}

const revived = JSON.parse('{"when":"2021-03-04T05:06:07.000Z","n":"42","deep":{"n":"1"}}', function (k, v) {
  if (k === 'when') return new Date(v);
  if (k === 'n') return Number(v);
  return v;
});
console.log(revived.when.getUTCFullYear(), revived.when.toISOString(), revived.n + 1, revived.deep.n);

console.log(JSON.parse('[1, "2", true, null, {"a": {"b": [ ]}}]'));
console.log(JSON.parse(' "\\u00e9\\n" ').length, JSON.parse('1e3'), JSON.parse('-0'));

const deep = { level: 0 };
let cur = deep;
for (let i = 1; i < 5; i++) {
  cur.child = { level: i };
  cur = cur.child;
}
console.log(JSON.stringify(deep));
console.log(JSON.parse(JSON.stringify(deep)));
