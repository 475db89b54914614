// Settled promises migrate with their state and value (pending ones are refused): a cached
// result, a handled rejection, a promise held in a Map, and async functions that finish within
// one macrotask.
const cache = new Map([['answer', Promise.resolve(42)]]);
const failed = Promise.reject(new Error('no route'));
failed.catch(() => {});
async function twice(p) { return (await p) * 2; }
let n = 0;
const t = setInterval(() => {
  n++;
  cache.get('answer').then((v) => console.log('tick', n, 'cached', v));
  failed.catch((e) => console.log('tick', n, 'failed with', e.message));
  twice(cache.get('answer')).then((v) => console.log('tick', n, 'twice', v));
  if (n === 4) clearInterval(t);
}, 10);
