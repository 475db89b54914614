// Checks labelled break/continue across nested for, while, do-while, for-of, blocks and switch statements.
const grid = [
  [1, 2, 3],
  [4, -5, 6],
  [7, 8, 9],
];

outer: for (let r = 0; r < grid.length; r++) {
  for (let c = 0; c < grid[r].length; c++) {
    if (grid[r][c] < 0) {
      console.log('found negative at', r, c);
      break outer;
    }
  }
  console.log('row', r, 'clean');
}

const pairs = [];
rows: for (const a of [1, 2, 3, 4]) {
  for (const b of [1, 2, 3, 4]) {
    if (b > a) continue rows;
    if ((a + b) % 3 === 0) continue;
    pairs.push(`${a}${b}`);
  }
}
console.log('pairs', pairs.join(' '));

let i = 0;
let log = [];
loop1: while (true) {
  i++;
  let j = 0;
  do {
    j++;
    if (j === 2) continue loop1;
    if (i === 4) break loop1;
    log.push(`${i}.${j}`);
  } while (j < 5);
}
console.log('while/do', log.join(','), 'i =', i);

block: {
  console.log('inside labelled block');
  if (grid.length === 3) break block;
  console.log('never printed');
}
console.log('after block');

const commands = ['go', 'skip', 'go', 'stop', 'go'];
let executed = 0;
scan: for (const cmd of commands) {
  switch (cmd) {
    case 'skip':
      continue scan;
    case 'stop':
      break scan;
    default:
      executed++;
      break;
  }
  console.log('processed', cmd);
}
console.log('executed', executed);

// Label on a for-in loop and nested function scopes.
const nestedObj = { a: { x: 1, y: 2 }, b: { x: 3, stop: true }, c: { x: 5 } };
const visited = [];
keys: for (const k in nestedObj) {
  for (const inner in nestedObj[k]) {
    if (inner === 'stop') break keys;
    visited.push(k + '.' + inner);
  }
}
console.log(visited);

// Prime search with labelled continue.
const primes = [];
candidates: for (let n = 2; primes.length < 10; n++) {
  for (const p of primes) {
    if (p * p > n) break;
    if (n % p === 0) continue candidates;
  }
  primes.push(n);
}
console.log('primes', primes);
