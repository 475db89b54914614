// Exercises: OS-kernel style task scheduler with a class hierarchy, virtual method dispatch, linked packet queues and millions of small method calls.

let seed = 0x1f2e3d4c;
function nextRandom() {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return seed >>> 0;
}

const KIND_WORK = 1;
const KIND_DEVICE = 2;

const ID_IDLE = 0;
const ID_WORKER = 1;
const ID_HANDLER_A = 2;
const ID_HANDLER_B = 3;
const ID_DEVICE_A = 4;
const ID_DEVICE_B = 5;

class Packet {
  constructor(kind, tag) {
    this.kind = kind;
    this.tag = tag;
    this.link = null;
    this.cursor = 0;
    this.value = 0;
    this.data = [0, 0, 0, 0];
  }

  isWork() {
    return this.kind === KIND_WORK;
  }

  exhausted() {
    return this.cursor >= this.data.length;
  }

  takeValue() {
    return this.data[this.cursor++];
  }

  rewind() {
    this.cursor = 0;
  }
}

class Queue {
  constructor() {
    this.head = null;
    this.tail = null;
    this.size = 0;
  }

  push(packet) {
    packet.link = null;
    if (this.tail === null) {
      this.head = packet;
    } else {
      this.tail.link = packet;
    }
    this.tail = packet;
    this.size++;
  }

  shift() {
    const packet = this.head;
    if (packet !== null) {
      this.head = packet.link;
      if (this.head === null) this.tail = null;
      packet.link = null;
      this.size--;
    }
    return packet;
  }

  peek() {
    return this.head;
  }

  isEmpty() {
    return this.head === null;
  }
}

class Task {
  constructor(kernel, id, priority) {
    this.kernel = kernel;
    this.id = id;
    this.priority = priority;
    this.inbox = new Queue();
    this.suspended = false;
    this.blocked = false;
    this.runs = 0;
  }

  ready() {
    if (this.suspended) return false;
    return !this.blocked || !this.inbox.isEmpty();
  }

  receive(packet) {
    this.inbox.push(packet);
  }

  dispatch() {
    this.runs++;
    this.blocked = false;
    const packet = this.inbox.shift();
    this.step(packet);
  }

  step(packet) {
    throw new Error("abstract step called on task " + this.id);
  }

  block() {
    this.blocked = true;
  }

  suspend() {
    this.suspended = true;
  }

  resume() {
    this.suspended = false;
  }

  signature() {
    return this.id * 7919 + this.runs;
  }
}

class IdleTask extends Task {
  constructor(kernel, id, priority, budget) {
    super(kernel, id, priority);
    this.budget = budget;
    this.wakeups = 0;
  }

  step(packet) {
    this.budget--;
    if (this.budget <= 0) {
      this.kernel.halt();
      return;
    }
    const r = nextRandom();
    const target = (r & 1) === 0 ? ID_DEVICE_A : ID_DEVICE_B;
    if (this.kernel.wake(target)) this.wakeups++;
  }

  signature() {
    return super.signature() + this.wakeups * 3;
  }
}

class WorkerTask extends Task {
  constructor(kernel, id, priority) {
    super(kernel, id, priority);
    this.sequence = 0;
    this.toggle = false;
  }

  fill(packet) {
    const data = packet.data;
    for (let i = 0; i < data.length; i++) {
      this.sequence = (this.sequence * 31 + i * 7 + 11) % 1000003;
      data[i] = this.sequence % 97;
    }
    packet.rewind();
  }

  step(packet) {
    if (packet !== null) {
      this.fill(packet);
      this.toggle = !this.toggle;
      this.kernel.send(packet, this.toggle ? ID_HANDLER_A : ID_HANDLER_B);
    }
    this.block();
  }

  signature() {
    return super.signature() + (this.sequence % 65521);
  }
}

class HandlerTask extends Task {
  constructor(kernel, id, priority, deviceId) {
    super(kernel, id, priority);
    this.deviceId = deviceId;
    this.work = new Queue();
    this.devices = new Queue();
    this.forwarded = 0;
  }

  canAct() {
    return !this.work.isEmpty() && !this.devices.isEmpty();
  }

  ready() {
    if (this.suspended) return false;
    return super.ready() || this.canAct();
  }

  sort(packet) {
    if (packet.isWork()) {
      this.work.push(packet);
    } else {
      this.devices.push(packet);
    }
  }

  step(packet) {
    if (packet !== null) this.sort(packet);
    if (this.canAct()) {
      const job = this.work.peek();
      if (job.exhausted()) {
        this.work.shift();
        this.kernel.send(job, ID_WORKER);
      } else {
        const carrier = this.devices.shift();
        carrier.value = job.takeValue() + carrier.tag;
        this.forwarded++;
        this.kernel.send(carrier, this.deviceId);
      }
      if (this.canAct()) return;
    }
    this.block();
  }

  signature() {
    return super.signature() + this.forwarded;
  }
}

class DeviceTask extends Task {
  constructor(kernel, id, priority, handlerId) {
    super(kernel, id, priority);
    this.handlerId = handlerId;
    this.held = null;
    this.accumulator = 0;
  }

  step(packet) {
    if (this.held !== null) {
      const done = this.held;
      this.held = null;
      this.kernel.send(done, this.handlerId);
    }
    if (packet !== null) {
      this.held = packet;
      this.accumulator = (this.accumulator * 33 + packet.value) % 2147483629;
      this.suspend();
    } else {
      this.block();
    }
  }

  signature() {
    return super.signature() + (this.accumulator % 1000000);
  }
}

class Kernel {
  constructor() {
    this.byId = [];
    this.ordered = [];
    this.halted = false;
    this.switches = 0;
    this.messages = 0;
  }

  add(task) {
    this.byId[task.id] = task;
    this.ordered.push(task);
    this.ordered.sort((a, b) => b.priority - a.priority);
  }

  halt() {
    this.halted = true;
  }

  wake(id) {
    const task = this.byId[id];
    if (!task.suspended) return false;
    task.resume();
    return true;
  }

  send(packet, destination) {
    this.messages++;
    this.byId[destination].receive(packet);
  }

  pick() {
    const tasks = this.ordered;
    for (let i = 0; i < tasks.length; i++) {
      if (tasks[i].ready()) return tasks[i];
    }
    return null;
  }

  run() {
    while (!this.halted) {
      const task = this.pick();
      if (task === null) break;
      this.switches++;
      task.dispatch();
    }
  }

  checksum() {
    let sum = this.switches % 1000003;
    for (const task of this.byId) {
      sum = (sum * 131 + task.signature()) % 2147483647;
    }
    return (sum * 17 + this.messages) % 2147483647;
  }
}

function buildKernel(budget) {
  const kernel = new Kernel();
  kernel.add(new IdleTask(kernel, ID_IDLE, 0, budget));
  const worker = new WorkerTask(kernel, ID_WORKER, 1000);
  kernel.add(worker);
  const handlerA = new HandlerTask(kernel, ID_HANDLER_A, 2000, ID_DEVICE_A);
  const handlerB = new HandlerTask(kernel, ID_HANDLER_B, 2001, ID_DEVICE_B);
  kernel.add(handlerA);
  kernel.add(handlerB);
  kernel.add(new DeviceTask(kernel, ID_DEVICE_A, 4000, ID_HANDLER_A));
  kernel.add(new DeviceTask(kernel, ID_DEVICE_B, 4001, ID_HANDLER_B));
  for (let i = 0; i < 2; i++) worker.receive(new Packet(KIND_WORK, i));
  for (let i = 0; i < 3; i++) {
    handlerA.receive(new Packet(KIND_DEVICE, 10 + i));
    handlerB.receive(new Packet(KIND_DEVICE, 20 + i));
  }
  return kernel;
}

const ROUNDS = 40;
const BUDGET = 20000;
let total = 0;
for (let round = 0; round < ROUNDS; round++) {
  const kernel = buildKernel(BUDGET + round * 13);
  kernel.run();
  total = (total * 31 + kernel.checksum()) % 2147483647;
}

console.log("scheduler: " + total);
