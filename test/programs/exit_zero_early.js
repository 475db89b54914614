// Checks process.exit() with no argument from a promise callback: exit code 0 and pending timers/immediates never run.
console.log('begin', typeof process.exit, typeof process.env);
console.log('unset env var is undefined:', process.env.THINGSJS_TEST_SURELY_UNSET_VARIABLE === undefined);
setTimeout(() => console.log('timer must not run'), 200);
setImmediate(() => {
  console.log('immediate runs');
  Promise.resolve('value').then((v) => {
    console.log('promise callback got', v);
    process.exit();
  });
  queueMicrotask(() => console.log('microtask queued after the exiting one must not run'));
});
