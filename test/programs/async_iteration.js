// Checks for-await over a custom async iterable, async generators, break calling return(), and sync iterables of promises.
class Countdown {
  constructor(from, ms) {
    this.from = from;
    this.ms = ms;
  }
  [Symbol.asyncIterator]() {
    let current = this.from;
    const ms = this.ms;
    return {
      next() {
        return new Promise((resolve) => {
          setTimeout(() => {
            if (current <= 0) resolve({ value: undefined, done: true });
            else resolve({ value: current--, done: false });
          }, ms);
        });
      },
      return() {
        console.log('  countdown return() called');
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

async function* readings(sensor, count) {
  try {
    for (let i = 0; i < count; i++) {
      await new Promise((r) => setTimeout(r, 5));
      yield { sensor, i, value: i * 10 };
    }
  } finally {
    console.log('  generator cleanup for', sensor);
  }
}

async function* pipeline(source) {
  for await (const r of source) {
    if (r.i % 2 === 0) yield r.value;
  }
}

(async () => {
  for await (const n of new Countdown(3, 10)) console.log('countdown', n);

  for await (const n of new Countdown(5, 5)) {
    console.log('countdown with break', n);
    if (n === 4) break;
  }

  for await (const r of readings('temp', 3)) console.log('reading', r);

  for await (const r of readings('hum', 10)) {
    console.log('early exit at', r.i);
    if (r.i === 1) break;
  }

  const evens = [];
  for await (const v of pipeline(readings('light', 5))) evens.push(v);
  console.log('pipeline evens', evens);

  for await (const v of [Promise.resolve('p1'), 'plain', new Promise((r) => setTimeout(r, 5, 'p3'))]) {
    console.log('sync iterable of promises', v);
  }

  const gen = readings('manual', 2);
  console.log(await gen.next());
  console.log(await gen.next());
  console.log(await gen.next());
  console.log(await gen.next());

  async function* failing() {
    yield 1;
    throw new RangeError('stream broke');
  }
  try {
    for await (const v of failing()) console.log('failing yielded', v);
  } catch (e) {
    console.log('caught', e.name + ': ' + e.message);
  }
})();
