// Map and Set with object keys, Date objects from fixed timestamps mutated over time, RegExp with the g flag (and y) whose lastIndex carries across ticks.
const kitchen = { room: 'kitchen' };
const garage = { room: 'garage' };
const readings = new Map();
readings.set(kitchen, []);
readings.set(garage, []);
readings.set('total', 0);
const seen = new Set();
const owners = new Set([kitchen]);
const byDate = new Map();

const start = new Date(Date.UTC(2024, 1, 28, 23, 30, 0)); // 2024-02-28T23:30:00Z
const clock = new Date(start.getTime());
const epoch = new Date(0);

const log = 'temp=21 hum=40 temp=23 co2=415 temp=19';
const re = /(\w+)=(\d+)/g;
const sticky = /\d+/y;
const line = '12,345,6789';

let tick = 0;
const id = setInterval(() => {
  tick++;
  const room = tick % 2 ? kitchen : garage;
  readings.get(room).push(tick * 1.5);
  readings.set('total', readings.get('total') + tick);
  seen.add(room);
  seen.add(room.room + tick);
  if (tick === 3) owners.add(garage).delete(kitchen);
  clock.setUTCHours(clock.getUTCHours() + 12);
  byDate.set(clock.toISOString().slice(0, 10), tick);

  const m = re.exec(log);
  const before = sticky.lastIndex;
  const s = sticky.exec(line);
  if (s) sticky.lastIndex++; // skip the comma
  console.log('tick', tick, 'date', clock.toISOString(), 'day', clock.getUTCDay(), 'since start h', (clock - start) / 3600000);
  console.log('  match', m ? m[1] + '->' + m[2] + ' at ' + m.index : null, 'lastIndex', re.lastIndex, 'sticky', before, s ? s[0] : null);
  console.log('  sizes', readings.size, seen.size, owners.size, byDate.size, 'kitchen', readings.get(kitchen).join(','), 'total', readings.get('total'));
  console.log('  has', readings.has(kitchen), readings.has({ room: 'kitchen' }), owners.has(kitchen), owners.has(garage));
  if (tick === 7) {
    clearInterval(id);
    console.log([...readings.keys()].map((k) => (typeof k === 'string' ? k : k.room)).join(' '));
    console.log(readings);
    console.log(seen);
    console.log(byDate);
    console.log(epoch, clock, JSON.stringify({ when: clock }), re, sticky, re.flags, sticky.flags);
    console.log([...'a1b22c333'.matchAll(/\d+/g)].map((x) => x[0] + '@' + x.index).join(' '));
  }
}, 20);
