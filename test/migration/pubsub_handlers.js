// require('things'): closure handlers on exact and wildcard MQTT filters, JSON values published from timers, a handler that publishes in turn, unsubscribe of one handler and of whole filters.
const things = require('things');

function makeAverager(label) {
  let sum = 0;
  let n = 0;
  return (value, topic) => {
    sum += value.c;
    n++;
    console.log(label, topic, 'seq', value.seq, 'c', value.c, 'avg', (sum / n).toFixed(2), 'tags', value.tags.join('+'));
  };
}

const kitchen = makeAverager('kitchen');
const anyRoom = makeAverager('any');
const commands = [];
function onCommand(value, topic) {
  commands.push(topic.split('/')[1]);
  console.log('command', topic, JSON.stringify(value), 'so far', commands.join(','));
  if (topic === 'cmd/ping') things.publish('acks/ping', { ok: true, n: commands.length });
}
const onAck = (value, topic) => console.log('ack', topic, value.ok, value.n, Array.isArray(value));

things.subscribe('sensors/kitchen/temp', kitchen);
things.subscribe('sensors/+/temp', anyRoom);
things.subscribe('cmd/#', onCommand);
things.subscribe('acks/+', onAck);
things.publish('cmd/boot', { v: 1 });

const readings = [['kitchen', 20.5], ['garage', 12], ['kitchen', 21.5], ['garage', 11], ['attic', 30], ['kitchen', 19]];
let i = 0;
const id = setInterval(() => {
  if (i === 3) {
    things.unsubscribe('sensors/kitchen/temp', kitchen);
    console.log('kitchen handler unsubscribed');
  }
  const [room, c] = readings[i];
  i++;
  things.publish('sensors/' + room + '/temp', { c, seq: i, tags: [room, i % 2 === 0] });
  console.log('published', room, c);
  if (i === 2) things.publish('cmd/ping', [1, 'two', { three: 3 }]);
  if (i === 4) things.publish('cmd/reset', null);
  if (i === readings.length) {
    clearInterval(id);
    setTimeout(() => {
      things.unsubscribe('sensors/+/temp');
      things.unsubscribe('cmd/#', onCommand);
      things.unsubscribe('acks/+');
      console.log('all unsubscribed', commands.join(','));
    }, 20);
  }
}, 20);
console.log('subscribed; id is a', typeof things.id, 'on worker', things.worker);
