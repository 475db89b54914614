// Checks Promise.all / race / allSettled / any with values, rejections, timers and empty inputs.
const delay = (ms, v, fail) =>
  new Promise((resolve, reject) => setTimeout(() => (fail ? reject(new Error(v)) : resolve(v)), ms));

(async () => {
  console.log('all', await Promise.all([delay(60, 'slow'), delay(10, 'fast'), 42, Promise.resolve('now')]));
  console.log('all empty', await Promise.all([]));
  try {
    await Promise.all([delay(50, 'ok'), delay(25, 'bad', true), delay(5, 'worse', true)]);
  } catch (e) {
    console.log('all rejected with', e.message);
  }

  console.log('race', await Promise.race([delay(60, 'slow'), delay(10, 'fast')]));
  console.log('race with plain value', await Promise.race([delay(5, 'timer'), 'plain']));
  try {
    await Promise.race([delay(60, 'slow'), delay(10, 'fast fail', true)]);
  } catch (e) {
    console.log('race rejected with', e.message);
  }

  const settled = await Promise.allSettled([delay(10, 'yes'), delay(5, 'no', true), 7]);
  for (const s of settled) {
    console.log('settled', s.status, s.status === 'fulfilled' ? s.value : s.reason.message);
  }
  console.log('allSettled raw', await Promise.allSettled([1, Promise.reject('r')]));

  console.log('any', await Promise.any([delay(5, 'e1', true), delay(40, 'winner'), delay(80, 'later')]));
  try {
    await Promise.any([delay(5, 'e1', true), Promise.reject(new Error('e2'))]);
  } catch (e) {
    console.log(e.constructor.name, e.name + ': ' + e.message, e.errors.map((x) => x.message));
  }
  try {
    await Promise.any([]);
  } catch (e) {
    console.log('any empty:', e.name, e.errors.length);
  }

  // Resolution order of already-settled inputs.
  const log = [];
  await Promise.all([
    Promise.resolve(1).then((v) => log.push('p' + v)),
    Promise.resolve(2).then((v) => log.push('p' + v)),
  ]);
  console.log(log);

  const thenable = { then: (res) => res('thenable value') };
  console.log('resolve thenable', await Promise.resolve(thenable));
  console.log('done');
})();
