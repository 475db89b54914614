// Checks setTimeout ordering by delay, extra callback arguments, and that delays 0/negative/non-numeric/undefined all mean 1 ms (creation order kept).
function log(...args) {
  console.log(...args);
}

setTimeout(log, 70, 'seventy', 70, { late: true });
setTimeout(log, 20, 'twenty');
setTimeout(function (a, b, c, d) {
  log('four args:', a, b, c, d);
}, 45, 1, 'two', [3], undefined);

// All of these are clamped to 1 ms and share one timer list, so they run in creation order.
setTimeout(log, 1, 'one ms');
setTimeout(log, 0, 'zero ms');
setTimeout(log, -20, 'negative');
setTimeout(log, 'not a number', 'string delay');
setTimeout(log, undefined, 'undefined delay');
setTimeout(() => log('no delay argument'));
setTimeout(log, null, 'null delay');
setTimeout(log, NaN, 'NaN delay');

// Numeric strings are converted to numbers.
setTimeout(log, '100', 'string "100"');

setTimeout(() => {
  log('callback arguments length', arguments_length_probe(1, 2, 3));
}, 130);

function arguments_length_probe() {
  return arguments.length;
}

log('sync end');
