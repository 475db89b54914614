#!/usr/bin/env node
// The differential test of issue 3: our parser's ESTree JSON (thingsjs_parser_conformance
// estree) must equal acorn's (ecmaVersion 2022) on every input, node by node.
//
//   node test/parser/compare_acorn.js --driver BUILD/thingsjs_parser_conformance \
//       [--test262 DIR] [--corpus LIST] [--module|--script] [FILE...]
//
//   --driver PATH     the conformance driver (a .js path runs under node, for the self-test)
//   --test262 DIR     adds DIR/pass/*.js, DIR/pass-explicit/*.js and the fail/ and early/ files
//                     that test/parser's expectation lists name as valid (*.module.js: module)
//   --corpus LIST     adds the "script PATH" / "module PATH" lines of LIST (.cache/npm/corpus.txt)
//   --all-js DIR      adds every .js/.mjs/.cjs file under DIR (.cache/npm/node_modules: ~4000
//                     files, 95 MB); a .js file takes the first goal acorn accepts, script first
//   --write-corpus F  writes the compared files with their goals as a LIST (for roundtrip)
//   --acorn DIR       acorn's package directory (default .cache/npm/node_modules/acorn)
//   --max-report N    print at most N differences (default 50)
//   --locations       compares every node's start/end too (the driver's estree --locations):
//                     acorn's UTF-16 offsets are turned into UTF-8 byte offsets first
//   --self-test       runs this script's own acorn emitter as the driver, once faithful (all must
//                     agree) and once with a deliberate change (every changed file must differ)
//
// acorn's output is normalized the way instrument/estree.h documents: no start/end/loc/range
// (start/end kept, as byte offsets, with --locations),
// a RegExp literal's value is {}, a BigInt literal's value is null, then a JSON round trip.
// Equal JSON texts pass at once; otherwise both trees are walked to name the first difference.
// Files that acorn itself rejects are skipped with a note. Exit status 1 when any file differs.
//
// Emitter mode (used by --self-test): node compare_acorn.js --emit-estree [--module|--script]
// FILE... prints acorn's normalized ESTree as NDJSON, the driver's format.
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const repoRoot = path.resolve(__dirname, '..', '..');
const BATCH_FILES = 400;
const BATCH_BYTES = 16 << 20;
const BATCH_TIMEOUT_MS = 10 * 60 * 1000;

function usage(message) {
  if (message) console.error(`compare_acorn: ${message}`);
  console.error('usage: compare_acorn.js --driver PATH [--test262 DIR] [--corpus LIST] ' +
                '[--module|--script] [FILE...]');
  process.exit(2);
}

function isModuleName(file) {
  return file.includes('.module.js') || file.endsWith('.mjs');
}

function parseArgs(argv) {
  const args = {
    driver: null,
    acornDir: path.join(repoRoot, '.cache', 'npm', 'node_modules', 'acorn'),
    inputs: [],
    maxReport: 50,
    selfTest: false,
    emit: false,
    allJs: [],
    writeCorpus: null,
    locations: false,
  };
  let goal = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--driver') args.driver = path.resolve(next());
    else if (a === '--acorn') args.acornDir = path.resolve(next());
    else if (a === '--max-report') args.maxReport = Number(next());
    else if (a === '--self-test') args.selfTest = true;
    else if (a === '--locations') args.locations = true;
    else if (a === '--emit-estree') args.emit = true;
    else if (a === '--module') goal = 'module';
    else if (a === '--script') goal = 'script';
    else if (a === '--test262') {
      const dir = path.resolve(next());
      for (const sub of ['pass', 'pass-explicit']) {
        const folder = path.join(dir, sub);
        if (!fs.existsSync(folder)) usage(`${folder} not found (run deploy/fetch-test-data.sh)`);
        for (const name of fs.readdirSync(folder).filter((n) => n.endsWith('.js')).sort()) {
          args.inputs.push({ file: path.join(folder, name), module: isModuleName(name),
                             label: `${sub}/${name}` });
        }
      }
      // The fail/ and early/ files that are valid today (test/parser's expectation lists).
      for (const [sub, list] of [['fail', 'test262_fail_now_valid.txt'],
                                 ['early', 'test262_early_allowed.txt']]) {
        for (const line of fs.readFileSync(path.join(__dirname, list), 'utf8').split('\n')) {
          const name = line.replace(/#.*/, '').trim();
          if (!name) continue;
          args.inputs.push({ file: path.join(dir, sub, name), module: isModuleName(name),
                             label: `${sub}/${name}` });
        }
      }
    } else if (a === '--corpus') {
      const list = path.resolve(next());
      if (!fs.existsSync(list)) usage(`${list} not found (run deploy/fetch-test-data.sh)`);
      for (const line of fs.readFileSync(list, 'utf8').split('\n')) {
        const m = /^(script|module)\s+(.+)$/.exec(line.trim());
        if (m) args.inputs.push({ file: m[2], module: m[1] === 'module' });
      }
    } else if (a === '--all-js') {
      args.allJs.push(path.resolve(next()));
    } else if (a === '--write-corpus') {
      args.writeCorpus = path.resolve(next());
    } else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else args.inputs.push({ file: path.resolve(a), module: goal ? goal === 'module' : isModuleName(a) });
  }
  for (const input of args.inputs) {
    if (input.label) continue;
    const at = input.file.lastIndexOf('node_modules/');
    input.label = at >= 0 ? input.file.slice(at + 'node_modules/'.length)
      : path.relative(process.cwd(), input.file);
  }
  return args;
}

function loadAcorn(dir) {
  try {
    const acorn = require(dir);
    acorn.version = require(path.join(dir, 'package.json')).version;
    return acorn;
  } catch (e) {
    console.error(`compare_acorn: FAILED: acorn not found in ${dir} (run deploy/fetch-test-data.sh)`);
    process.exit(2);
  }
}

// Whether nodes keep their start/end (--locations).
let withLocations = false;

// For text that is not all ASCII: the UTF-8 byte offset of every UTF-16 offset (acorn's
// positions count UTF-16 code units, ours bytes). Null for ASCII text: both agree.
function byteOffsets(source) {
  if (!/[^\x00-\x7f]/.test(source)) return null;
  const map = new Uint32Array(source.length + 1);
  let bytes = 0;
  for (let i = 0; i < source.length; i++) {
    map[i] = bytes;
    const c = source.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < source.length &&
             source.charCodeAt(i + 1) >= 0xdc00 && source.charCodeAt(i + 1) <= 0xdfff) {
      map[++i] = bytes + 2;  // inside a pair: no node starts or ends there
      bytes += 4;
    } else bytes += 3;
  }
  map[source.length] = bytes;
  return map;
}

// acorn's AST as the JSON text instrument/estree.h promises.
function acornJson(acorn, source, module) {
  const ast = acorn.parse(source, { ecmaVersion: 2022, sourceType: module ? 'module' : 'script' });
  const offsets = withLocations ? byteOffsets(source) : null;
  return JSON.stringify(ast, function (key, value) {
    if (key === 'loc' || key === 'range') return undefined;
    if (key === 'start' || key === 'end') {
      if (!withLocations || typeof value !== 'number') return undefined;
      return offsets ? offsets[value] : value;
    }
    if (typeof value === 'bigint') return null;
    // A RegExp literal's value is {} even where this Node cannot build the RegExp (acorn: null).
    if (key === 'value' && this && this.type === 'Literal' && this.regex) return {};
    return value;
  });
}

// Every .js/.mjs/.cjs file under the --all-js folders (test262's excepted): .mjs files are
// modules, .cjs files scripts, and a .js file takes the first goal acorn accepts, script first.
function discoverAllJs(acorn, args, work, skipped) {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'test262-parser-tests') walk(full);
      } else if (entry.isFile() && /\.(js|mjs|cjs)$/.test(entry.name)) {
        files.push(full);
      }
    }
  };
  args.allJs.forEach(walk);
  files.sort();
  for (const file of files) {
    const source = fs.readFileSync(file, 'utf8');
    const goals = file.endsWith('.mjs') ? [true] : file.endsWith('.cjs') ? [false] : [false, true];
    const input = { file, size: Buffer.byteLength(source) };
    const at = file.lastIndexOf('node_modules/');
    input.label = at >= 0 ? file.slice(at + 'node_modules/'.length) : file;
    let error;
    for (const module of goals) {
      try {
        input.expected = acornJson(acorn, source, module);
        input.module = module;
        break;
      } catch (e) {
        error = e;
      }
    }
    if (input.expected !== undefined) work.push(input);
    else skipped.push(`${input.label}: acorn rejects it (${error.message})`);
  }
}

// ---- our side ------------------------------------------------------------------------------

// Runs the driver on a batch; returns one {json} or {error} per file, or {crash} for the file
// the driver died on (the files after it are left for the next batch).
function runDriver(driver, batch) {
  const args = withLocations ? ['estree', '--locations'] : ['estree'];
  let goal = null;
  for (const input of batch) {
    const wanted = input.module ? '--module' : '--script';
    if (wanted !== goal) args.push(wanted);
    goal = wanted;
    args.push(input.file);
  }
  const command = driver.endsWith('.js') ? process.execPath : driver;
  const commandArgs = driver.endsWith('.js') ? [driver, '--emit-estree', ...args.slice(1)] : args;
  const result = spawnSync(command, commandArgs, {
    maxBuffer: 4 << 30, timeout: BATCH_TIMEOUT_MS, encoding: 'buffer',
  });
  if (result.error && result.error.code === 'ENOENT') {
    console.error(`compare_acorn: FAILED: driver not found: ${driver}`);
    process.exit(2);
  }
  const text = result.stdout.toString('utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const complete = text.endsWith('\n') ? lines.length : lines.length - 1;
  const outputs = [];
  for (let i = 0; i < complete && i < batch.length; i++) outputs.push({ text: lines[i] });
  if (outputs.length < batch.length) {
    const why = result.error && result.error.code === 'ETIMEDOUT' ? 'timed out'
      : result.signal ? `died with ${result.signal}` : `exited with status ${result.status}`;
    const stderr = result.stderr.toString('utf8').trim().split('\n').slice(-2).join(' | ');
    outputs.push({ crash: `driver ${why}${stderr ? ': ' + stderr : ''}` });
  }
  return outputs;
}

// ---- comparison ----------------------------------------------------------------------------

function show(value) {
  if (value === undefined) return '(absent)';
  const s = JSON.stringify(value);
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

// The path of the first difference between acorn's tree `a` and ours `b`.
function firstDifference(a, b, at) {
  const here = at || '(program)';
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return Object.is(a, b) ? null : `${here}: acorn ${show(a)} vs ours ${show(b)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${here}: acorn ${show(a)} vs ours ${show(b)}`;
  if (Array.isArray(a)) {
    for (let i = 0; i < a.length && i < b.length; i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return a.length === b.length ? null : `${at}.length: acorn ${a.length} vs ours ${b.length}`;
  }
  if (a.type !== b.type) return `${at ? at + '.' : ''}type: acorn ${show(a.type)} vs ours ${show(b.type)}`;
  for (const key of Object.keys(a)) {
    const d = firstDifference(a[key], b[key], at ? `${at}.${key}` : key);
    if (d) return d;
  }
  for (const key of Object.keys(b)) {
    if (!(key in a)) return `${at ? at + '.' : ''}${key}: acorn (absent) vs ours ${show(b[key])}`;
  }
  const ka = Object.keys(a), kb = Object.keys(b);
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i]) return `${here}: property order: acorn ${ka.join(',')} vs ours ${kb.join(',')}`;
  }
  return null;
}

function describeTextDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 30);
  return `same tree, different JSON text at offset ${i}: acorn ${JSON.stringify(a.slice(from, i + 30))} ` +
         `vs ours ${JSON.stringify(b.slice(from, i + 30))}`;
}

function compare(args) {
  withLocations = args.locations;
  const acorn = loadAcorn(args.acornDir);
  if (!args.driver) usage('--driver is required');
  if (!args.inputs.length && !args.allJs.length) usage('no input files');
  const started = Date.now();

  // acorn first: the files it rejects are not compared.
  const work = [];
  const skipped = [];
  if (args.allJs.length) discoverAllJs(acorn, args, work, skipped);
  for (const input of args.inputs) {
    let source;
    try {
      source = fs.readFileSync(input.file, 'utf8');
    } catch (e) {
      console.error(`compare_acorn: FAILED: cannot read ${input.file}`);
      process.exit(2);
    }
    input.size = Buffer.byteLength(source);
    try {
      input.expected = acornJson(acorn, source, input.module);
      work.push(input);
    } catch (e) {
      skipped.push(`${input.label}: acorn rejects it (${e.message})`);
    }
  }

  console.log(`compare_acorn: ${work.length + skipped.length} files, acorn ${acorn.version} ` +
              `(ecmaVersion 2022) vs ${path.basename(args.driver)}`);
  if (args.writeCorpus) {
    fs.writeFileSync(args.writeCorpus,
                     work.map((i) => `${i.module ? 'module' : 'script'} ${i.file}\n`).join(''));
  }
  let passed = 0, failed = 0, reported = 0;
  const report = (line) => {
    if (reported++ < args.maxReport) console.log(line);
  };
  let index = 0;
  while (index < work.length) {
    const batch = [];
    let bytes = 0;
    while (index + batch.length < work.length && batch.length < BATCH_FILES &&
           (batch.length === 0 || bytes + work[index + batch.length].size <= BATCH_BYTES)) {
      bytes += work[index + batch.length].size;
      batch.push(work[index + batch.length]);
    }
    const outputs = runDriver(args.driver, batch);
    outputs.forEach((output, i) => {
      const input = batch[i];
      const goal = input.module ? 'module' : 'script';
      if (output.crash) {
        failed++;
        report(`FAIL ${input.label} (${goal}): ${output.crash}`);
        return;
      }
      if (output.text === input.expected) {
        passed++;
        return;
      }
      failed++;
      let ours;
      try {
        ours = JSON.parse(output.text);
      } catch (e) {
        report(`FAIL ${input.label} (${goal}): our output is not JSON (${e.message}): ${output.text.slice(0, 100)}`);
        return;
      }
      if (ours && typeof ours.error === 'string' && ours.type === undefined) {
        report(`FAIL ${input.label} (${goal}): we reject it: ${ours.error}`);
        return;
      }
      const d = firstDifference(JSON.parse(input.expected), ours, '');
      report(`FAIL ${input.label} (${goal}): ${d || describeTextDifference(input.expected, output.text)}`);
    });
    index += outputs.length;
  }
  if (reported > args.maxReport) console.log(`... ${reported - args.maxReport} more differences not shown`);
  for (const note of skipped) console.log(`SKIP ${note}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`compare_acorn: ${work.length} compared, ${skipped.length} skipped (acorn rejects them), ${seconds} s`);
  console.log(`acorn: ${passed} passed, ${failed} failed, ${skipped.length} skipped`);
  return failed === 0 ? 0 : 1;
}

// ---- emitter (the self-test's stand-in for the C++ driver) ---------------------------------

function emit(args) {
  withLocations = args.locations;
  const acorn = loadAcorn(args.acornDir);
  const mutate = process.env.COMPARE_ACORN_MUTATE === '1';
  for (const input of args.inputs) {
    let line;
    try {
      line = acornJson(acorn, fs.readFileSync(input.file, 'utf8'), input.module);
      // A deliberate change, to show that the comparison sees one: rename the first identifier.
      if (mutate) line = line.replace(/"type":"Identifier","name":"/, '$&mutated_');
    } catch (e) {
      line = JSON.stringify({ error: e.message });
    }
    process.stdout.write(line + '\n');
  }
  return 0;
}

function selfTest(args) {
  const self = __filename;
  const run = (env) => spawnSync(process.execPath,
    [self, '--driver', self, '--acorn', args.acornDir, '--max-report', '3',
     ...args.inputs.flatMap((i) => [i.module ? '--module' : '--script', i.file])],
    { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 30 });
  const faithful = run({ COMPARE_ACORN_MUTATE: '0' });
  const mutated = run({ COMPARE_ACORN_MUTATE: '1' });
  const summary = (r) => (/acorn: (\d+) passed, (\d+) failed/.exec(r.stdout) || []).slice(1).map(Number);
  const [fp, ff] = summary(faithful);
  const [mp, mf] = summary(mutated);
  console.log(faithful.stdout.trim().split('\n').slice(-1)[0]);
  console.log(mutated.stdout.trim().split('\n').slice(0, 4).join('\n'));
  const ok = faithful.status === 0 && ff === 0 && fp > 0 && mutated.status === 1 && mf > 0 &&
             mf + mp === fp;
  console.log(`self-test: faithful emitter ${fp} agree/${ff} differ; mutated emitter ${mp} agree/${mf} differ ` +
              `(files without identifiers cannot differ): ${ok ? 'ok' : 'BROKEN'}`);
  return ok ? 0 : 1;
}

const args = parseArgs(process.argv.slice(2));
process.exitCode = args.emit ? emit(args) : args.selfTest ? selfTest(args) : compare(args);
