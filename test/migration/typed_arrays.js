// Typed arrays: one ArrayBuffer shared by Uint8Array and Float32Array views, DataView reads/writes with both endiannesses, a subarray alias, and a Float64Array ring buffer of sensor readings.
const buffer = new ArrayBuffer(16);
const bytes = new Uint8Array(buffer);
const floats = new Float32Array(buffer);
const view = new DataView(buffer, 8, 8);
const tail = bytes.subarray(12); // aliases the last 4 bytes

function makeRing(capacity) {
  const data = new Float64Array(capacity);
  let head = 0;
  let size = 0;
  return {
    push(v) {
      data[head] = v;
      head = (head + 1) % capacity;
      if (size < capacity) size++;
    },
    values() {
      const out = [];
      for (let i = 0; i < size; i++) out.push(data[(head - size + i + capacity) % capacity]);
      return out;
    },
    mean() {
      let s = 0;
      for (let i = 0; i < size; i++) s += data[(head - size + i + capacity) % capacity];
      return size ? s / size : NaN;
    },
    raw: data,
  };
}

// Deterministic "sensor": a small linear congruential generator.
let state = 7;
function sensor() {
  state = (state * 75 + 74) % 65537;
  return 20 + (state % 1000) / 100;
}

const ring = makeRing(4);
const counts = new Uint16Array(3);
const clamped = new Uint8ClampedArray(2);
const big = new BigInt64Array(1);

let tick = 0;
const id = setInterval(() => {
  tick++;
  const r = sensor();
  ring.push(r);
  floats[0] = r;
  floats[1] = -tick / 3;
  view.setUint16(0, tick * 257, false);
  view.setInt16(2, -tick, true);
  view.setFloat32(4, r * 2, true);
  counts[tick % 3] += 40000; // wraps at 65536
  clamped[0] += 100; // saturates at 255
  clamped[1] = -tick;
  big[0] -= BigInt(tick) * 1000000000000n;
  console.log('tick', tick, 'reading', r, 'f32', floats[0], floats[1].toFixed(4), 'bytes', Array.from(bytes.subarray(0, 4)).join(','));
  console.log('  view', view.getUint16(0, false), view.getUint16(0, true), view.getInt16(2, true), view.getFloat32(4, true).toFixed(3), 'tail', tail.join(','), 'floats[3]', floats[3]);
  console.log('  ring', ring.values().join(' '), 'mean', ring.mean().toFixed(3), 'raw', Array.from(ring.raw).join(','));
  console.log('  counts', counts.join(','), 'clamped', clamped.join(','), 'big', big[0]);
  if (tick === 6) {
    clearInterval(id);
    console.log(bytes);
    console.log(floats.length, bytes.byteLength, view.byteOffset, tail.byteOffset, floats.buffer === bytes.buffer, tail.buffer === buffer);
    console.log(ring.raw, counts, big);
    const copy = buffer.slice(8, 12);
    console.log(new Uint8Array(copy), copy.byteLength);
  }
}, 20);
