// Checks that console.error and console.warn go to stderr (not in the .out file) while console.log/info/debug go to stdout, in order.
console.log('stdout 1');
console.error('stderr 1');
console.info('stdout 2 via info');
console.warn('stderr 2 via warn');
console.debug('stdout 3 via debug');
console.error('%s formatted on stderr', 'also');
console.log('stdout 4 %s', 'formatted');
setTimeout(() => {
  console.error('stderr from timer');
  console.log('stdout 5 from timer');
}, 5);
Promise.resolve().then(() => {
  console.warn('stderr from microtask');
  console.info('stdout from microtask');
});
