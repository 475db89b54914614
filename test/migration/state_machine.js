// Closure-based state machines driven by a timer: a traffic light whose states are closures over shared counters, and a small handshake protocol with retries and a transition log.
function trafficLight(durations) {
  let state = 'red';
  let remaining = durations.red;
  let cycles = 0;
  const visits = { red: 0, green: 0, yellow: 0 };
  const next = { red: 'green', green: 'yellow', yellow: 'red' };
  const enter = (s) => {
    state = s;
    remaining = durations[s];
    visits[s]++;
    if (s === 'red') cycles++;
  };
  return {
    step() {
      remaining--;
      if (remaining === 0) enter(next[state]);
      return state;
    },
    describe: () => `${state}(${remaining}) cycles=${cycles} visits=${JSON.stringify(visits)}`,
  };
}

function protocol(script) {
  const log = [];
  let attempts = 0;
  let pos = 0;
  let current;
  const states = {
    idle(ev) {
      if (ev === 'connect') return go('syn_sent');
    },
    syn_sent(ev) {
      attempts++;
      if (ev === 'syn_ack') return go('established');
      if (ev === 'timeout') return attempts < 3 ? go('syn_sent') : go('failed');
    },
    established(ev) {
      if (ev === 'data') return go('established', 'data#' + log.filter((l) => l.startsWith('established')).length);
      if (ev === 'fin') return go('closed');
    },
    closed() {},
    failed() {},
  };
  function go(name, note) {
    log.push(name + (note ? ':' + note : ''));
    current = states[name];
    current.stateName = name;
    return name;
  }
  go('idle');
  return {
    feed() {
      if (pos >= script.length) return null;
      const ev = script[pos++];
      const result = current(ev) || current.stateName;
      return ev + '->' + result;
    },
    get log() {
      return log.slice();
    },
    get attempts() {
      return attempts;
    },
  };
}

const light = trafficLight({ red: 3, green: 2, yellow: 1 });
const conn = protocol(['connect', 'timeout', 'timeout', 'syn_ack', 'data', 'bogus', 'data', 'fin', 'data']);
const retry = protocol(['connect', 'timeout', 'timeout', 'timeout']);
let tick = 0;
const id = setInterval(() => {
  tick++;
  const s = light.step();
  const a = conn.feed();
  const b = retry.feed();
  console.log('tick', tick, s, light.describe(), '|', a, '|', b);
  if (tick === 12) {
    clearInterval(id);
    console.log(conn.log.join(' > '), conn.attempts);
    console.log(retry.log.join(' > '), retry.attempts);
  }
}, 20);
