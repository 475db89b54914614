// Side-by-side conformance test for runtime/js/events.js.
//
// Usage: node test/js/events_test.js
//
// Every scenario is run twice: once with Node's own require('events') and
// once with the ThingsJS implementation loaded from runtime/js/events.js.
// Each run records a log of plain values; the two logs must be identical
// (compared through util.inspect). The last line printed is
// "N passed, M failed"; the exit code is non-zero when anything failed.
'use strict';

const fs = require('fs');
const path = require('path');
const util = require('util');
const vm = require('vm');

const NodeEE = require('events');
const source = fs.readFileSync(path.join(__dirname, '..', '..', 'runtime', 'js', 'events.js'), 'utf8');
const factory = vm.runInThisContext(source, { filename: 'events.js' });
const OurEE = factory();

const scenarios = [];
function scenario(name, fn) {
  scenarios.push({ name, fn });
}

function describeError(e) {
  if (e instanceof Error) {
    return `${e.constructor === Error ? 'Error' : e.name}|${e.name}|${e.code}|${e.message}|${util.inspect(e.context)}`;
  }
  return 'non-error: ' + util.inspect(e);
}

function attempt(log, fn) {
  try {
    const r = fn();
    log('ok', r === undefined ? 'undefined' : typeof r);
  } catch (e) {
    log('throws', describeError(e));
  }
}

function tick() {
  return new Promise((resolve) => setImmediate(resolve));
}

// ---------------------------------------------------------------------------
// Scenarios. Each receives (EE, log). `log(...values)` records values.
// ---------------------------------------------------------------------------

scenario('basic on/emit with args and return value', (EE, log) => {
  const e = new EE();
  log(e.emit('x', 1));
  e.on('x', (a, b, c) => log('x', a, b, c));
  log(e.emit('x', 1, 'two', { three: 3 }));
  log(e.emit('y'));
});

scenario('addListener is on, returns emitter (chaining)', (EE, log) => {
  const e = new EE();
  log(e.addListener('a', () => log('a1')) === e);
  log(e.on('a', () => log('a2')) === e);
  log(EE.prototype.on === EE.prototype.addListener);
  log(EE.prototype.off === EE.prototype.removeListener);
  e.emit('a');
});

scenario('listeners called in order with this === emitter', (EE, log) => {
  const e = new EE();
  for (let i = 0; i < 5; i++) {
    e.on('go', function () {
      log(i, this === e);
    });
  }
  e.emit('go');
});

scenario('arrow listener this is lexical', (EE, log) => {
  const e = new EE();
  const self = {};
  (function () {
    e.on('t', () => log(this === self, this === e));
  }).call(self);
  e.emit('t');
});

scenario('prependListener', (EE, log) => {
  const e = new EE();
  e.on('p', () => log('second'));
  e.prependListener('p', () => log('first'));
  e.on('p', () => log('third'));
  e.prependListener('p', () => log('zeroth'));
  e.emit('p');
  log(e.listenerCount('p'));
});

scenario('once fires once and passes args', (EE, log) => {
  const e = new EE();
  e.once('o', function (a, b) {
    log('once', a, b, this === e);
  });
  log(e.listenerCount('o'));
  log(e.emit('o', 1, 2));
  log(e.emit('o', 3, 4));
  log(e.listenerCount('o'), e.eventNames());
});

scenario('once return value of once and prependOnceListener order', (EE, log) => {
  const e = new EE();
  log(e.once('q', () => log('a')) === e);
  log(e.prependOnceListener('q', () => log('b')) === e);
  e.on('q', () => log('c'));
  e.emit('q');
  e.emit('q');
});

scenario('removeListener of once listener by original function', (EE, log) => {
  const e = new EE();
  const f = () => log('never');
  e.once('z', f);
  e.removeListener('z', f);
  log(e.emit('z'), e.listenerCount('z'));
});

scenario('removeListener removes most recently added match', (EE, log) => {
  const e = new EE();
  const calls = [];
  const f = (tag) => calls.push('f' + tag);
  const g = () => calls.push('g');
  e.on('r', f);
  e.on('r', g);
  e.on('r', f);
  e.removeListener('r', f);
  e.emit('r', 1);
  log(calls, e.listenerCount('r'));
  e.removeListener('r', f);
  e.emit('r', 2);
  log(calls, e.listenerCount('r'), typeof e._events.r);
});

scenario('removeListener with unknown listener/event is a no-op', (EE, log) => {
  const e = new EE();
  const f = () => {};
  log(e.removeListener('nothing', f) === e);
  e.on('a', () => {});
  e.removeListener('a', f);
  log(e.listenerCount('a'));
  e.on('a', () => {});
  e.removeListener('a', f);
  log(e.listenerCount('a'));
});

scenario('off alias', (EE, log) => {
  const e = new EE();
  const f = () => log('f');
  e.on('x', f);
  e.off('x', f);
  log(e.emit('x'));
});

scenario('removal during emit does not skip others', (EE, log) => {
  const e = new EE();
  const b = () => log('b');
  const a = () => {
    log('a');
    e.removeListener('ev', b);
  };
  e.on('ev', a);
  e.on('ev', b);
  e.on('ev', () => log('c'));
  e.emit('ev');
  e.emit('ev');
});

scenario('adding during emit does not call new listener this time', (EE, log) => {
  const e = new EE();
  e.on('ev', () => {
    log('first');
    e.on('ev', () => log('added'));
  });
  e.on('ev', () => log('second'));
  e.emit('ev');
  log(e.listenerCount('ev'));
  e.emit('ev');
});

scenario('once listeners removing each other during emit', (EE, log) => {
  const e = new EE();
  const b = () => log('b');
  e.once('ev', () => {
    log('a');
    e.removeListener('ev', b);
  });
  e.once('ev', b);
  e.emit('ev');
  e.emit('ev');
  log(e.listenerCount('ev'));
});

scenario('recursive emit inside once listener', (EE, log) => {
  const e = new EE();
  let depth = 0;
  e.once('ev', () => {
    depth++;
    log('once', depth);
    log(e.emit('ev'));
  });
  e.on('ev', () => log('on'));
  e.emit('ev');
});

scenario('removeAllListeners(name)', (EE, log) => {
  const e = new EE();
  e.on('a', () => {});
  e.on('a', () => {});
  e.on('b', () => {});
  log(e.removeAllListeners('a') === e);
  log(e.eventNames(), e.listenerCount('a'), e.listenerCount('b'));
  e.removeAllListeners('missing');
  log(e.eventNames());
});

scenario('removeAllListeners() with no args', (EE, log) => {
  const e = new EE();
  e.on('a', () => {});
  e.on(Symbol.for('s'), () => {});
  e.removeAllListeners();
  log(e.eventNames(), e._eventsCount);
});

scenario('removeAllListeners emits removeListener events in order', (EE, log) => {
  const e = new EE();
  function a1() {}
  function a2() {}
  function b1() {}
  e.on('a', a1);
  e.on('a', a2);
  e.once('b', b1);
  e.on('removeListener', (name, fn) => log('removed', name, fn.name));
  e.removeAllListeners('a');
  e.on('a', a1);
  e.removeAllListeners();
  log(e.eventNames());
});

scenario('newListener event fires before adding, with original fn for once', (EE, log) => {
  const e = new EE();
  e.on('newListener', (name, fn) => {
    log('new', name, fn.name, e.listenerCount(name));
  });
  e.on('x', function foo() {});
  e.once('x', function bar() {});
  e.prependOnceListener('y', function baz() {});
});

scenario('newListener handler adding listener to same event (prepends effectively)', (EE, log) => {
  const e = new EE();
  e.once('newListener', (name) => {
    if (name === 'ev') e.on('ev', () => log('B'));
  });
  e.on('ev', () => log('A'));
  e.emit('ev');
});

scenario('removeListener event receives original listener', (EE, log) => {
  const e = new EE();
  function orig() {}
  e.on('removeListener', (name, fn) => log('rm', name, fn === orig, fn.name));
  e.once('x', orig);
  e.emit('x');
  e.on('y', orig);
  e.on('y', orig);
  e.off('y', orig);
  e.off('y', orig);
});

scenario('removeListener listener itself removed', (EE, log) => {
  const e = new EE();
  function rl(name) {
    log('rl', name);
  }
  e.on('removeListener', rl);
  e.removeListener('removeListener', rl);
  log(e.eventNames());
});

scenario('error event without listener throws the Error', (EE, log) => {
  const e = new EE();
  const err = new TypeError('bad thing');
  try {
    e.emit('error', err);
  } catch (caught) {
    log(caught === err, caught.message);
  }
});

scenario('error event with non-Error values', (EE, log) => {
  const e = new EE();
  for (const v of [undefined, null, 'boom', 42, { a: 1, b: 'x' }, [1, 2], true]) {
    attempt(log, () => e.emit('error', v));
  }
  attempt(log, () => e.emit('error'));
});

scenario('error event with listener does not throw', (EE, log) => {
  const e = new EE();
  e.on('error', (err) => log('handled', err.message));
  log(e.emit('error', new Error('oops')));
});

scenario('error thrown from listener propagates out of emit', (EE, log) => {
  const e = new EE();
  e.on('x', () => {
    throw new RangeError('inside');
  });
  e.on('x', () => log('not reached'));
  attempt(log, () => e.emit('x'));
});

scenario('errorMonitor', (EE, log) => {
  const e = new EE();
  log(typeof EE.errorMonitor, String(EE.errorMonitor));
  e.on(EE.errorMonitor, (err) => log('monitor', err.message));
  attempt(log, () => e.emit('error', new Error('m1')));
  e.on('error', (err) => log('handler', err.message));
  e.emit('error', new Error('m2'));
});

scenario('listeners() unwraps once, rawListeners() does not', (EE, log) => {
  const e = new EE();
  function a() {}
  function b() {}
  e.on('x', a);
  e.once('x', b);
  const ls = e.listeners('x');
  const raw = e.rawListeners('x');
  log(ls.map((f) => f.name), ls[1] === b);
  log(raw[0] === a, raw[1] === b, raw[1].listener === b, raw[1].name, util.inspect(raw));
  ls.push(() => {});
  log(e.listenerCount('x'));
  log(e.listeners('none'), e.rawListeners('none'));
});

scenario('rawListeners once wrapper can be invoked manually', (EE, log) => {
  const e = new EE();
  e.once('x', (v) => log('called', v));
  const [w] = e.rawListeners('x');
  w('manual');
  log(e.listenerCount('x'));
  w('again');
  e.emit('x', 'emit');
});

scenario('listeners() single function', (EE, log) => {
  const e = new EE();
  e.once('s', function only() {});
  log(e.listeners('s').map((f) => f.name), e.rawListeners('s')[0].listener.name);
});

scenario('listenerCount with listener argument', (EE, log) => {
  const e = new EE();
  const f = () => {};
  const g = () => {};
  e.on('c', f);
  e.on('c', g);
  e.once('c', f);
  log(e.listenerCount('c'), e.listenerCount('c', f), e.listenerCount('c', g), e.listenerCount('c', () => {}));
  log(EE.listenerCount(e, 'c'), e.listenerCount('nope'));
});

scenario('eventNames with symbols and order', (EE, log) => {
  const e = new EE();
  const s = Symbol('sym');
  e.on('b', () => {});
  e.on(s, () => {});
  e.on('a', () => {});
  e.on('1', () => {});
  const names = e.eventNames();
  log(names.map(String), names[names.length - 1] === s || names.includes(s));
  e.emit(s);
});

scenario('symbol events emit', (EE, log) => {
  const e = new EE();
  const s = Symbol('x');
  e.on(s, (v) => log('sym', v));
  log(e.emit(s, 5), e.emit(Symbol('x'), 6));
});

scenario('get/setMaxListeners', (EE, log) => {
  const e = new EE();
  log(e.getMaxListeners(), EE.defaultMaxListeners);
  log(e.setMaxListeners(3) === e, e.getMaxListeners());
  e.setMaxListeners(0);
  log(e.getMaxListeners());
  attempt(log, () => e.setMaxListeners(-1));
  attempt(log, () => e.setMaxListeners('5'));
  attempt(log, () => e.setMaxListeners(NaN));
  log(e.getMaxListeners());
});

scenario('defaultMaxListeners get/set affects emitters without own limit', (EE, log) => {
  const e = new EE();
  const orig = EE.defaultMaxListeners;
  EE.defaultMaxListeners = 4;
  log(e.getMaxListeners(), new EE().getMaxListeners());
  attempt(log, () => {
    EE.defaultMaxListeners = -2;
  });
  attempt(log, () => {
    EE.defaultMaxListeners = 'x';
  });
  EE.defaultMaxListeners = orig;
  log(e.getMaxListeners());
});

scenario('max listeners exceeded marks array warned and keeps listeners', (EE, log) => {
  const e = new EE();
  e.setMaxListeners(2);
  const origEmitWarning = process.emitWarning;
  const warnings = [];
  process.emitWarning = (w) => warnings.push(w);
  try {
    for (let i = 0; i < 4; i++) e.on('w', () => {});
  } finally {
    process.emitWarning = origEmitWarning;
  }
  log(e.listenerCount('w'), e._events.w.warned, warnings.length);
  if (warnings.length) {
    const w = warnings[0];
    log(w.name, w.type, w.count, w.emitter === e, w.message);
  }
});

scenario('invalid listener types throw TypeError', (EE, log) => {
  const e = new EE();
  const values = [1, 'abc', null, undefined, {}, [], Symbol('q'), 10n, true, Object.create(null)];
  for (const v of values) {
    attempt(log, () => e.on('x', v));
    attempt(log, () => e.once('x', v));
    attempt(log, () => e.prependListener('x', v));
    attempt(log, () => e.removeListener('x', v));
  }
  log(e.eventNames());
});

scenario('class extends EventEmitter', (EE, log) => {
  class Sensor extends EE {
    constructor(name) {
      super();
      this.name = name;
    }
    read(v) {
      this.emit('reading', this.name, v);
    }
  }
  const s = new Sensor('temp');
  s.on('reading', function (n, v) {
    log(n, v, this instanceof Sensor, this instanceof EE);
  });
  s.read(21.5);
  log(Object.keys(s), s.constructor.name);
});

scenario('class extends with overridden emit calling super.emit', (EE, log) => {
  class Loud extends EE {
    emit(name, ...args) {
      log('emit', name, args);
      return super.emit(name, ...args);
    }
  }
  const l = new Loud();
  l.on('newListener', (n) => log('nl', n));
  l.on('x', (v) => log('x', v));
  log(l.emit('x', 7));
});

scenario('old-style EventEmitter.call(this) + setPrototypeOf', (EE, log) => {
  function Device(id) {
    EE.call(this);
    this.id = id;
  }
  Object.setPrototypeOf(Device.prototype, EE.prototype);
  Object.setPrototypeOf(Device, EE);
  const d = new Device(7);
  d.on('ping', function () {
    log('ping', this.id);
  });
  d.emit('ping');
  log(d instanceof EE, Object.keys(d));
  const d2 = new Device(8);
  log(d2.listenerCount('ping'));
});

scenario('util.inherits-style inheritance', (EE, log) => {
  function Thing() {
    EE.call(this);
  }
  Thing.prototype = Object.create(EE.prototype, {
    constructor: { value: Thing, writable: true, configurable: true },
  });
  const t = new Thing();
  t.once('x', () => log('x once'));
  t.emit('x');
  t.emit('x');
  log(t.eventNames());
});

scenario('object without init gets lazily initialised _events', (EE, log) => {
  const o = Object.create(EE.prototype);
  log(o.emit('x'), o.listeners('x'), o.eventNames(), o.listenerCount('x'));
  attempt(log, () => o.emit('error', 'plain'));
  o.on('x', (v) => log('got', v));
  o.emit('x', 1);
  log(Object.keys(o));
});

scenario('prototype sharing _events is re-initialised by init', (EE, log) => {
  const base = new EE();
  base.on('x', () => log('base x'));
  const child = Object.create(base);
  EE.call(child);
  child.on('y', () => log('child y'));
  log(child.emit('x'), base.emit('y'));
  log(base.eventNames(), child.eventNames());
});

scenario('EventEmitter.EventEmitter and statics', (EE, log) => {
  log(EE.EventEmitter === EE, typeof EE.once, typeof EE.on, EE.captureRejections, EE.usingDomains);
  log(EE.name, EE.length, typeof EE.init, typeof EE.getEventListeners);
});

scenario('util.inspect of fresh and used emitters', (EE, log) => {
  const e = new EE();
  log(util.inspect(e));
  e.on('data', function onData() {});
  e.on('data', () => {});
  e.setMaxListeners(5);
  log(util.inspect(e));
  class Foo extends EE {
    constructor() {
      super();
      this.a = 1;
    }
  }
  log(util.inspect(new Foo()));
});

scenario('emit copies args; listener mutating arguments', (EE, log) => {
  const e = new EE();
  const obj = { n: 1 };
  e.on('m', (o) => {
    o.n++;
  });
  e.on('m', (o, extra) => log(o.n, extra));
  e.emit('m', obj, undefined);
  log(obj.n);
});

scenario('many arguments', (EE, log) => {
  const e = new EE();
  e.on('many', (...args) => log(args.length, args));
  e.emit('many', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
  e.on('many', function () {
    log(arguments.length);
  });
  e.emit('many');
});

scenario('_eventsCount bookkeeping', (EE, log) => {
  const e = new EE();
  const f = () => {};
  e.on('a', f);
  e.on('b', f);
  e.on('b', f);
  log(e._eventsCount);
  e.off('b', f);
  log(e._eventsCount, typeof e._events.b);
  e.off('b', f);
  log(e._eventsCount);
  e.off('a', f);
  log(e._eventsCount, Object.getPrototypeOf(e._events));
});

scenario('same listener added twice is called twice', (EE, log) => {
  const e = new EE();
  let n = 0;
  const f = () => n++;
  e.on('d', f).on('d', f);
  e.emit('d');
  log(n, e.listeners('d').length);
});

scenario('getEventListeners / static getMaxListeners / setMaxListeners', (EE, log) => {
  const e = new EE();
  function a() {}
  e.once('x', a);
  log(EE.getEventListeners(e, 'x').map((f) => f.name));
  EE.setMaxListeners(3, e);
  log(e.getMaxListeners(), EE.getMaxListeners(e));
  attempt(log, () => EE.setMaxListeners(-1, e));
  attempt(log, () => EE.setMaxListeners(2, {}));
});

scenario('emit error with error listener added via once', (EE, log) => {
  const e = new EE();
  e.once('error', (err) => log('caught', err.message));
  e.emit('error', new Error('first'));
  attempt(log, () => e.emit('error', new Error('second')));
});

scenario('constructor options captureRejections validation', (EE, log) => {
  attempt(log, () => new EE({ captureRejections: 'yes' }));
  attempt(log, () => new EE({}));
  attempt(log, () => new EE(undefined));
});

scenario('async: EventEmitter.once resolves with args array', async (EE, log) => {
  const e = new EE();
  const p = EE.once(e, 'ready');
  log(e.listenerCount('ready'), e.listenerCount('error'));
  e.emit('ready', 1, 'two');
  const args = await p;
  log(args, e.listenerCount('ready'), e.listenerCount('error'));
});

scenario('async: EventEmitter.once rejects on error', async (EE, log) => {
  const e = new EE();
  const p = EE.once(e, 'ready');
  e.emit('error', new Error('failed'));
  try {
    await p;
    log('resolved?');
  } catch (err) {
    log('rejected', err.message);
  }
  log(e.listenerCount('ready'), e.listenerCount('error'));
});

scenario('async: EventEmitter.once for error event', async (EE, log) => {
  const e = new EE();
  const p = EE.once(e, 'error');
  e.emit('error', 'string error');
  log(await p);
});

scenario('async: EventEmitter.on async iteration', async (EE, log) => {
  const e = new EE();
  const it = EE.on(e, 'data');
  e.emit('data', 1);
  e.emit('data', 2, 3);
  const seen = [];
  setImmediate(() => {
    e.emit('data', 4);
    setImmediate(() => e.emit('data', 'stop'));
  });
  for await (const args of it) {
    seen.push(args);
    if (args[0] === 'stop') break;
  }
  log(seen, e.listenerCount('data'), e.listenerCount('error'));
});

scenario('async: EventEmitter.on async iteration error', async (EE, log) => {
  const e = new EE();
  const it = EE.on(e, 'data');
  setImmediate(() => {
    e.emit('data', 'a');
    e.emit('error', new Error('broken'));
  });
  const seen = [];
  try {
    for await (const args of it) seen.push(args);
  } catch (err) {
    log('caught', err.message);
  }
  log(seen, e.listenerCount('data'), e.listenerCount('error'));
});

scenario('async: listeners interleaved with promises', async (EE, log) => {
  const e = new EE();
  e.on('x', async (v) => {
    log('start', v);
    await null;
    log('end', v);
  });
  e.emit('x', 1);
  e.emit('x', 2);
  log('sync done');
  await tick();
});

// ---------------------------------------------------------------------------

async function runOne(EE, fn) {
  const entries = [];
  const log = (...values) => entries.push(values);
  try {
    await fn(EE, log);
  } catch (e) {
    entries.push(['scenario threw', describeError(e)]);
  }
  return util.inspect(entries, { depth: 6, breakLength: Infinity });
}

async function main() {
  let passed = 0;
  let failed = 0;
  for (const { name, fn } of scenarios) {
    const expected = await runOne(NodeEE, fn);
    const actual = await runOne(OurEE, fn);
    if (expected === actual) {
      passed++;
    } else {
      failed++;
      console.log(`FAIL: ${name}`);
      console.log(`  node:     ${expected}`);
      console.log(`  thingsjs: ${actual}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main();
