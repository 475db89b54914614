// Checks EventEmitter with async code: EventEmitter.once() promise form (resolve and reject), async listeners, emits from timers and microtasks.
const EventEmitter = require('events');
const { once } = EventEmitter;

const device = new EventEmitter();

async function main() {
  setTimeout(() => device.emit('ready', 'v1.2', { pins: 4 }), 10);
  const args = await once(device, 'ready');
  console.log('ready with', args);
  console.log('listeners left after once():', device.listenerCount('ready'), device.listenerCount('error'));

  setTimeout(() => device.emit('error', new Error('boot failed')), 10);
  try {
    await once(device, 'connected');
    console.log('not reached');
  } catch (e) {
    console.log('once rejected:', e.message);
  }
  console.log('listeners left after rejection:', device.listenerCount('connected'), device.listenerCount('error'));

  // Async listeners: emit() does not wait for them.
  device.on('job', async (id) => {
    console.log('job', id, 'started');
    await new Promise((r) => setTimeout(r, 25 * id));
    console.log('job', id, 'finished');
    device.emit('jobDone', id);
  });
  const done = [];
  device.on('jobDone', (id) => done.push(id));
  device.emit('job', 3);
  device.emit('job', 1);
  device.emit('job', 2);
  console.log('emit returned synchronously');
  while (done.length < 3) await once(device, 'jobDone');
  console.log('completion order', done);

  // Emitting from microtasks vs synchronous code.
  const order = [];
  device.on('m', (tag) => order.push(tag));
  Promise.resolve().then(() => device.emit('m', 'from microtask'));
  queueMicrotask(() => device.emit('m', 'from queueMicrotask'));
  device.emit('m', 'sync');
  await null;
  await null;
  console.log(order);

  // once() with an event emitted several times only sees the first.
  const p = once(device, 'multi');
  device.emit('multi', 1);
  device.emit('multi', 2);
  console.log('first value only', await p);
}

main().then(() => console.log('main finished'));
