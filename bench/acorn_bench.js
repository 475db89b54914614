// acorn's parse time for the files on the command line (best of N runs, whole set), for
// thingsjs_bench_parser. Arguments: RUNS then `script:PATH` or `module:PATH`.
// acorn comes from .cache/npm (deploy/fetch-test-data.sh).
'use strict';
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '..');
let acorn;
for (const dir of [path.join(root, '.cache/npm/node_modules/acorn'), 'acorn']) {
  try { acorn = require(dir); break; } catch (e) { /* try the next */ }
}
if (!acorn) {
  // The benchmark binary is in build/bench; the source tree is two levels up from there.
  try { acorn = require(path.resolve(__dirname, '../../.cache/npm/node_modules/acorn')); } catch (e) {
    console.error('acorn not found: run deploy/fetch-test-data.sh');
    process.exit(1);
  }
}
const runs = Number(process.argv[2]) || 5;
const inputs = process.argv.slice(3).map((arg) => {
  const i = arg.indexOf(':');
  return { sourceType: arg.slice(0, i), text: fs.readFileSync(arg.slice(i + 1), 'utf8') };
});
let best = Infinity;
for (let r = 0; r < runs; r++) {
  const start = process.hrtime.bigint();
  for (const { sourceType, text } of inputs) acorn.parse(text, { ecmaVersion: 2022, sourceType });
  best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
}
console.log(best.toFixed(6));
