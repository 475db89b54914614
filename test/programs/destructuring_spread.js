// Checks destructuring (defaults, nested, rest, renaming, swapping, parameters) and spread of arrays, strings, Sets, Maps and objects.
const config = {
  host: 'sensor.local',
  port: 8080,
  options: { retries: 3, backoff: { base: 100, factor: 2 } },
  tags: ['a', 'b', 'c', 'd'],
};

const {
  host,
  port: p,
  missing = 'default-used',
  options: {
    retries,
    backoff: { factor, max = 1000 },
  },
  tags: [firstTag, , thirdTag, ...otherTags],
  ...restProps
} = config;
console.log(host, p, missing, retries, factor, max, firstTag, thirdTag, otherTags, restProps);

let a = 1;
let b = 2;
[a, b] = [b, a];
console.log('swapped', a, b);

function connect({ host = 'localhost', port = 80, secure = false } = {}, ...extras) {
  return `${secure ? 'wss' : 'ws'}://${host}:${port} extras=${extras.length}`;
}
console.log(connect());
console.log(connect({ port: 9000 }, 1, 2));
console.log(connect({ host: 'x', secure: true }));

const [x = 'dx', y = 'dy'] = [undefined, null];
console.log('defaults only for undefined', x, y);

const nested = [1, [2, [3, [4]]]];
const [one, [two, [three, [four]]]] = nested;
console.log(one + two + three + four);

const arr = [1, 2, 3];
console.log([...arr, ...'hi', ...new Set([3, 4, 3]), ...new Map([['k', 'v']])]);
console.log(Math.max(...arr, 10), [...arr].reverse(), arr);

const merged = { ...{ a: 1, b: 2 }, ...{ b: 3, c: 4 }, ...null, ...undefined, ...'xy', ...[9] };
console.log(merged);

const withGetter = {
  get computed() {
    return 'evaluated';
  },
};
console.log({ ...withGetter });

for (const [key, value] of Object.entries({ k1: 'v1', k2: 'v2' })) console.log(key, '=>', value);
for (const { id, name = 'anon' } of [{ id: 1, name: 'first' }, { id: 2 }]) console.log(id, name);

const key = 'dynamic';
const { [key]: dyn, ['lit' + 'eral']: lit } = { dynamic: 'D', literal: 'L' };
console.log(dyn, lit);

try {
  const { z } = null;
  console.log(z);
} catch (e) {
  console.log(e.name);
}

function sum(...nums) {
  return nums.reduce((acc, n) => acc + n, 0);
}
console.log(sum(), sum(1), sum(...[1, 2, 3], ...[4]));

const fnArgs = (first, ...others) => ({ first, others });
console.log(fnArgs('only'), fnArgs('a', 'b', 'c'));

const str = 'héllo 👋';
console.log([...str].length, str.length, [...str].reverse().join(''));
