// Closures made in try/catch/finally, if and switch blocks, loops, over parameters only, and
// by hoisted function declarations; a function that replaces itself (lazy initialization);
// recursion through a declaration's own name; default parameters.
function overParams(a, b = 2) { return () => a * b; }
function makeBlocks(seed) {
  const made = [];
  if (seed > 0) { let inIf = seed * 3; made.push(() => inIf++); }
  try { let inTry = 'try' + seed; made.push(() => inTry += '!'); throw new Error('x'); }
  catch (err) { const msg = err.message; made.push(() => msg + seed); }
  finally { let inFinally = [seed]; made.push(() => inFinally.push(inFinally.length) && inFinally.join('')); }
  switch (seed % 3) {
    case 0: made.push(() => 'zero'); break;
    default: { let inCase = seed; made.push(() => ++inCase); }
  }
  for (const k of ['p', 'q']) { let local = k + seed; made.push(() => local = local.toUpperCase()); }
  { function hoisted() { return 'hoisted ' + seed; } made.push(hoisted); }
  return made;
}
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
let getConfig = function () {
  const config = { loaded: Date.length };
  getConfig = () => config;
  return config;
};
function later() { return early() + 1; }
function early() { return 41; }
const counters = { odd: overParams(3), even: overParams(5, 7) };
const blocks = makeBlocks(4);
let round = 0;
const t = setInterval(() => {
  round++;
  console.log(round, counters.odd(), counters.even(), blocks.map((f) => f()).join(' '), fib(round + 5),
    getConfig() === getConfig(), later());
  if (round === 5) clearInterval(t);
}, 10);
