// A tiny round-robin kernel simulation in the style of the Richards benchmark: task control blocks with states and packet queues, prototype-based task objects, a seeded PRNG, driven by setInterval.
const RUNNABLE = 0;
const WAITING = 1;
const HELD = 2;
const STATE_NAMES = ['R', 'W', 'H'];

let seed = 0x2f6b;
function nextRandom() {
  seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
  return seed;
}

function Packet(id, kind) {
  this.id = id;
  this.kind = kind; // 'work' or 'dev'
  this.data = '';
  this.link = null;
  this.from = -1;
}

function Tcb(id, name, task) {
  this.id = id;
  this.name = name;
  this.task = task;
  this.state = WAITING;
  this.queue = null;
  this.runs = 0;
}
Tcb.prototype.enqueue = function (packet) {
  packet.link = null;
  if (this.queue === null) this.queue = packet;
  else {
    let p = this.queue;
    while (p.link !== null) p = p.link;
    p.link = packet;
  }
  if (this.state === WAITING) this.state = RUNNABLE;
};
Tcb.prototype.take = function () {
  const p = this.queue;
  if (p !== null) {
    this.queue = p.link;
    p.link = null;
  }
  return p;
};
Tcb.prototype.queueLength = function () {
  let n = 0;
  for (let p = this.queue; p !== null; p = p.link) n++;
  return n;
};

function Kernel() {
  this.tcbs = [];
  this.ready = []; // round-robin order of tcb ids
  this.trace = '';
  this.output = '';
  this.steps = 0;
}
Kernel.prototype.spawn = function (name, task, state) {
  const tcb = new Tcb(this.tcbs.length, name, task);
  tcb.state = state;
  this.tcbs.push(tcb);
  this.ready.push(tcb.id);
  return tcb;
};
Kernel.prototype.send = function (packet, toId, fromId) {
  packet.from = fromId;
  this.tcbs[toId].enqueue(packet);
};
Kernel.prototype.step = function () {
  for (let i = 0; i < this.ready.length; i++) {
    const id = this.ready.shift();
    this.ready.push(id); // to the back: round robin
    const tcb = this.tcbs[id];
    if (tcb.state !== RUNNABLE) continue;
    this.steps++;
    tcb.runs++;
    this.trace += tcb.name;
    tcb.task.run(tcb, this);
    return true;
  }
  this.trace += '.';
  return false;
};
Kernel.prototype.states = function () {
  return this.tcbs.map((t) => t.name + STATE_NAMES[t.state] + t.queueLength()).join(' ');
};

function IdleTask(handlers) {
  this.handlers = handlers;
  this.releases = 0;
}
IdleTask.prototype.run = function (tcb, kernel) {
  const target = kernel.tcbs[this.handlers[(nextRandom() >>> 16) % this.handlers.length]];
  if (target.state === HELD) {
    target.state = target.queue === null ? WAITING : RUNNABLE;
    this.releases++;
  }
};

function WorkerTask(handlers) {
  this.handlers = handlers;
  this.next = 0;
  this.letter = 0;
  this.sent = 0;
}
WorkerTask.prototype.run = function (tcb, kernel) {
  const packet = tcb.take();
  if (packet === null) {
    tcb.state = WAITING;
    return;
  }
  packet.data = '';
  for (let i = 0; i < 3; i++) packet.data += String.fromCharCode(65 + (this.letter++ % 26));
  this.sent++;
  const to = this.handlers[this.next];
  this.next = (this.next + 1) % this.handlers.length;
  kernel.send(packet, to, tcb.id);
  if (tcb.queue === null) tcb.state = WAITING;
};

function HandlerTask(deviceId) {
  this.deviceId = deviceId;
  this.work = null;
  this.devPackets = null;
  this.done = 0;
}
HandlerTask.prototype.run = function (tcb, kernel) {
  for (let p = tcb.take(); p !== null; p = tcb.take()) {
    if (p.kind === 'work') {
      p.link = this.work;
      this.work = p;
    } else {
      p.link = this.devPackets;
      this.devPackets = p;
    }
  }
  if (this.work !== null && this.devPackets !== null) {
    const w = this.work;
    const d = this.devPackets;
    this.devPackets = d.link;
    d.data = w.data.charAt(0);
    w.data = w.data.slice(1);
    kernel.send(d, this.deviceId, tcb.id);
    if (w.data === '') {
      this.work = w.link;
      this.done++;
      kernel.send(w, w.from, tcb.id);
    }
    tcb.state = HELD; // wait for the idle task to release us
  } else {
    tcb.state = WAITING;
  }
};

function DeviceTask(tag) {
  this.tag = tag;
}
DeviceTask.prototype.run = function (tcb, kernel) {
  const p = tcb.take();
  if (p !== null) {
    kernel.output += this.tag === 'a' ? p.data : p.data.toLowerCase();
    kernel.send(p, p.from, tcb.id);
  }
  if (tcb.queue === null) tcb.state = WAITING;
};

const kernel = new Kernel();
// ids: 0 idle, 1 worker, 2 handler A, 3 handler B, 4 device a, 5 device b
const idle = kernel.spawn('I', new IdleTask([2, 3]), RUNNABLE);
const worker = kernel.spawn('W', new WorkerTask([2, 3]), WAITING);
kernel.spawn('A', new HandlerTask(4), WAITING);
kernel.spawn('B', new HandlerTask(5), WAITING);
kernel.spawn('a', new DeviceTask('a'), WAITING);
kernel.spawn('b', new DeviceTask('b'), WAITING);
for (let i = 0; i < 2; i++) kernel.send(new Packet(i, 'work'), worker.id, -1);
for (let i = 0; i < 2; i++) {
  kernel.send(new Packet(10 + i, 'dev'), 2, -1);
  kernel.send(new Packet(20 + i, 'dev'), 3, -1);
}

let tick = 0;
const timer = setInterval(() => {
  tick++;
  kernel.trace = '';
  for (let q = 0; q < 12; q++) kernel.step();
  console.log('tick', String(tick).padStart(2), kernel.trace.padEnd(12), kernel.states(), '|', kernel.output);
  if (tick === 16 || kernel.output.length >= 40) {
    clearInterval(timer);
    const h = kernel.tcbs.slice(2, 4).map((t) => t.name + ':' + t.task.done);
    console.log('steps', kernel.steps, 'runs', kernel.tcbs.map((t) => t.runs).join(','), 'sent', worker.task.sent, 'releases', idle.task.releases, h.join(' '), 'seed', seed);
  }
}, 15);
