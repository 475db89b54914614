// Exercises: a top-down splay tree (insert/find/remove) with heavy node and payload allocation, PRNG keys and a bounded live set.

let rngState = 0x3c6ef372;
function rand() {
  rngState ^= rngState << 13;
  rngState ^= rngState >>> 17;
  rngState ^= rngState << 5;
  return rngState >>> 0;
}

function mix(h, v) {
  return (Math.imul(h ^ (v | 0), 0x01000193) + 0x7f4a7c15) >>> 0;
}

class Payload {
  constructor(key, serial) {
    this.serial = serial;
    this.label = "n" + (key % 10007);
    this.samples = [key & 255, (key >>> 8) & 255, (key >>> 16) & 255, serial & 255];
  }

  weight() {
    const s = this.samples;
    return s[0] + 2 * s[1] + 3 * s[2] + 4 * s[3] + this.label.length;
  }
}

class SplayNode {
  constructor(key, value) {
    this.key = key;
    this.value = value;
    this.left = null;
    this.right = null;
  }
}

class SplayTree {
  constructor() {
    this.root = null;
    this.size = 0;
    this.rotations = 0;
    this.scratch = new SplayNode(0, null);
  }

  isEmpty() {
    return this.root === null;
  }

  // Brings the node with `key` (or the last node on its search path) to the root.
  splay(key) {
    let t = this.root;
    if (t === null) return;
    const header = this.scratch;
    header.left = null;
    header.right = null;
    let leftMax = header;
    let rightMin = header;
    for (;;) {
      if (key < t.key) {
        let child = t.left;
        if (child === null) break;
        if (key < child.key) {
          t.left = child.right;
          child.right = t;
          t = child;
          this.rotations++;
          if (t.left === null) break;
        }
        rightMin.left = t;
        rightMin = t;
        t = t.left;
      } else if (key > t.key) {
        let child = t.right;
        if (child === null) break;
        if (key > child.key) {
          t.right = child.left;
          child.left = t;
          t = child;
          this.rotations++;
          if (t.right === null) break;
        }
        leftMax.right = t;
        leftMax = t;
        t = t.right;
      } else {
        break;
      }
    }
    leftMax.right = t.left;
    rightMin.left = t.right;
    t.left = header.right;
    t.right = header.left;
    this.root = t;
  }

  insert(key, value) {
    if (this.root === null) {
      this.root = new SplayNode(key, value);
      this.size = 1;
      return true;
    }
    this.splay(key);
    const root = this.root;
    if (root.key === key) {
      root.value = value;
      return false;
    }
    const node = new SplayNode(key, value);
    if (key < root.key) {
      node.left = root.left;
      node.right = root;
      root.left = null;
    } else {
      node.right = root.right;
      node.left = root;
      root.right = null;
    }
    this.root = node;
    this.size++;
    return true;
  }

  find(key) {
    if (this.root === null) return null;
    this.splay(key);
    return this.root.key === key ? this.root : null;
  }

  remove(key) {
    if (this.root === null) return null;
    this.splay(key);
    const root = this.root;
    if (root.key !== key) return null;
    if (root.left === null) {
      this.root = root.right;
    } else {
      const right = root.right;
      this.root = root.left;
      this.splay(key);
      this.root.right = right;
    }
    this.size--;
    return root;
  }

  // In-order walk with an explicit stack; checks ordering and hashes the keys.
  digest() {
    const stack = [];
    let node = this.root;
    let previous = -1;
    let count = 0;
    let hash = 0;
    while (node !== null || stack.length > 0) {
      while (node !== null) {
        stack.push(node);
        node = node.left;
      }
      node = stack.pop();
      if (node.key <= previous) throw new Error("splay tree out of order");
      previous = node.key;
      hash = mix(hash, node.key ^ node.value.serial);
      count++;
      node = node.right;
    }
    if (count !== this.size) throw new Error("splay tree size mismatch");
    return hash;
  }
}

const LIVE = 8000;
const OPERATIONS = 110000;

const tree = new SplayTree();
const recent = new Array(LIVE).fill(-1);
let cursor = 0;
let serial = 0;
let found = 0;
let weightSum = 0;
let checksum = 0;

for (let op = 0; op < OPERATIONS; op++) {
  const key = rand() & 0x3fffffff;
  if (tree.insert(key, new Payload(key, serial++))) {
    const old = recent[cursor];
    if (old >= 0) {
      const removed = tree.remove(old);
      if (removed === null) throw new Error("missing key " + old);
      weightSum = (weightSum + removed.value.weight()) % 1000000007;
    }
    recent[cursor] = key;
    cursor = (cursor + 1) % LIVE;
  }

  // One lookup that usually hits, one that usually misses.
  const probe = recent[rand() % LIVE];
  if (probe >= 0) {
    const node = tree.find(probe);
    if (node !== null) {
      found++;
      weightSum = (weightSum + node.value.weight()) % 1000000007;
    }
  }
  if (tree.find(rand() & 0x3fffffff) !== null) found++;

  if (op % 40000 === 39999) checksum = mix(checksum, tree.digest());
}

checksum = mix(checksum, tree.digest());
checksum = mix(checksum, tree.size);
checksum = mix(checksum, found);
checksum = mix(checksum, weightSum);
checksum = mix(checksum, tree.rotations % 1000000007);
console.log("splay: " + checksum.toString(16) + " size=" + tree.size + " found=" + found);
