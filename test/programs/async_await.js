// Checks async/await ordering: await of values, promises and thenables, return vs return await, and interleaving of two async functions.
async function a1() {
  console.log('a1 start');
  await null;
  console.log('a1 after await null');
  const v = await Promise.resolve('pv');
  console.log('a1 got', v);
  return 'a1 result';
}

async function a2() {
  console.log('a2 start');
  const t = await {
    then(resolve) {
      console.log('thenable then() called');
      resolve('from thenable');
    },
  };
  console.log('a2 got', t);
  return a3();
}

async function a3() {
  await undefined;
  return 'a3 result';
}

async function returnsPromise() {
  return Promise.resolve('direct');
}

async function returnsAwait() {
  return await Promise.resolve('awaited');
}

a1().then((r) => console.log('a1 resolved', r));
a2().then((r) => console.log('a2 resolved', r));
returnsPromise().then((r) => console.log('returnsPromise', r));
returnsAwait().then((r) => console.log('returnsAwait', r));
Promise.resolve()
  .then(() => console.log('tick 1'))
  .then(() => console.log('tick 2'))
  .then(() => console.log('tick 3'))
  .then(() => console.log('tick 4'))
  .then(() => console.log('tick 5'));

const sleep = (ms, v) => new Promise((resolve) => setTimeout(resolve, ms, v));

async function sequence() {
  const results = [];
  for (const [ms, v] of [[30, 'a'], [10, 'b'], [20, 'c']]) {
    results.push(await sleep(ms, v));
    console.log('sequence step', v);
  }
  return results;
}

async function parallel() {
  const order = [];
  await Promise.all(
    [[60, 'x'], [10, 'y'], [35, 'z']].map(async ([ms, v]) => {
      await sleep(ms);
      order.push(v);
    })
  );
  return order;
}

(async () => {
  await sleep(5);
  console.log('sequence', await sequence());
  console.log('parallel completion order', await parallel());
  try {
    await (async () => {
      await sleep(1);
      throw new TypeError('async failure');
    })();
  } catch (e) {
    console.log('caught', e.name + ': ' + e.message);
  } finally {
    console.log('finally after await');
  }
})();

console.log('main end');
