// Timers: setTimeout/setInterval/setImmediate with extra arguments (an argument object mutated between ticks), clearTimeout of a pending timer kept in a variable, equal delays in creation order, immediates vs timers.
const order = [];
function record(label, n, extra) {
  order.push(label + n);
  console.log('timeout', label, n, extra === undefined ? '(no extra)' : JSON.stringify(extra));
}

setTimeout(record, 20, 'a', 1);
setTimeout(record, 20, 'b', 2, { deep: [1, 2] });
setTimeout(function (label) {
  record(label, 3);
  setTimeout((x) => console.log('zero-delay timeout from a timer', x, order.join(' ')), 0, 'z');
  setImmediate((x, y) => console.log('immediate from a timer runs first', x, y), 'i', 2);
}, 20, 'c');

let pending = setTimeout(() => console.log('never printed: cleared'), 200);
const state = { ticks: 0, seen: [] };
const cancelled = setTimeout(() => console.log('never printed either'), 100);
clearTimeout(cancelled);

const iv = setInterval(
  (name, st, step) => {
    st.ticks += step;
    st.seen.push(name + st.ticks);
    console.log('interval', name, st.ticks, st.seen.join(','), 'pending is', pending === null ? 'null' : 'set');
    if (st.ticks === 2 * step) {
      clearTimeout(pending);
      pending = null;
      clearTimeout(pending); // harmless
    }
    if (st.ticks === 4 * step) {
      clearInterval(iv);
      setImmediate(finish, st, 'bye');
    }
  },
  60,
  'iv',
  state,
  5
);

function finish(st, word) {
  console.log('finish', word, st.ticks, order.join(' '), typeof iv, typeof pending);
  const t = setTimeout(() => console.log('refreshed timeout', t.hasRef()), 20);
  t.unref();
  t.ref();
  t.refresh();
}
