// Checks an unhandled promise rejection: microtasks of the current turn still run, then the process exits with code 1 before any timer or immediate.
console.log('start');
async function failLater() {
  await null;
  throw new Error('nobody handles this');
}
failLater();
Promise.resolve()
  .then(() => console.log('microtask 1'))
  .then(() => console.log('microtask 2'));
// A rejection that is handled later in the same microtask turn is fine.
const handledLate = Promise.reject(new Error('handled in time'));
Promise.resolve().then(() => handledLate.catch((e) => console.log('caught:', e.message)));
setTimeout(() => console.log('timer must not run'), 0);
setImmediate(() => console.log('immediate must not run'));
console.log('end of main');
