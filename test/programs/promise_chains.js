// Checks promise chaining details: value/thenable adoption tick counts, then(onFulfilled, onRejected), catch/finally pass-through, resolve with a promise, executor throws.
const log = [];
const note = (s) => log.push(s);

const p1 = Promise.resolve('a');
console.log('Promise.resolve returns same promise:', Promise.resolve(p1) === p1);

new Promise((resolve) => resolve(Promise.resolve('adopted'))).then((v) => note('adopted promise: ' + v));
Promise.resolve()
  .then(() => note('tick 1'))
  .then(() => note('tick 2'))
  .then(() => note('tick 3'))
  .then(() => note('tick 4'));
Promise.resolve({ then: (r) => r('thenable') }).then((v) => note('adopted thenable: ' + v));
Promise.resolve('plain').then((v) => note('plain value: ' + v));

setTimeout(() => {
  console.log(log);
  part2();
}, 10);

function part2() {
  Promise.reject(new Error('r1'))
    .then(
      () => console.log('not called'),
      (e) => {
        console.log('onRejected got', e.message);
        return 'recovered value';
      }
    )
    .then((v) => console.log('next then got', v));

  Promise.resolve(1)
    .finally(() => 'finally return value is ignored')
    .then((v) => console.log('finally passes value through:', v));

  Promise.reject(new Error('r2'))
    .finally(() => console.log('finally on rejection'))
    .catch((e) => console.log('rejection passes through finally:', e.message));

  Promise.resolve('x')
    .finally(() => {
      throw new Error('finally threw');
    })
    .catch((e) => console.log('error from finally replaces value:', e.message));

  new Promise(() => {
    throw new SyntaxError('executor threw');
  }).catch((e) => console.log('executor exception becomes rejection:', e.name + ': ' + e.message));

  new Promise((resolve, reject) => {
    resolve('first wins');
    reject(new Error('ignored'));
    resolve('ignored too');
  }).then((v) => console.log(v));

  Promise.resolve(5)
    .then()
    .then(null)
    .then((v) => console.log('missing handlers pass values through:', v));

  Promise.reject(new Error('r3'))
    .then((v) => v)
    .then((v) => v)
    .catch((e) => console.log('rejection skips fulfilled handlers:', e.message));

  const self = Promise.resolve().then(() => self);
  self.catch((e) => console.log('chaining cycle:', e.name));

  let resolveOutside;
  const deferred = new Promise((r) => (resolveOutside = r));
  deferred.then((v) => console.log('deferred resolved with', v));
  setTimeout(() => resolveOutside('later value'), 10);

  const chain = [1, 2, 3, 4].reduce((acc, n) => acc.then((sum) => sum + n), Promise.resolve(0));
  chain.then((sum) => console.log('reduced sum', sum));
}
