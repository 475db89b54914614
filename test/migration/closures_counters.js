// Closures: counter factories over parameters and lets, two closures of one activation sharing a variable, nested scope chains, kept alive across timer ticks.
function makeCounter(start, step) {
  let count = start;
  return function next() {
    count += step;
    return count;
  };
}

function makeAccount(owner) {
  let balance = 0;
  const history = [];
  function deposit(n) {
    balance += n;
    history.push('+' + n);
    return balance;
  }
  const withdraw = (n) => {
    if (n > balance) {
      history.push('!' + n);
      return balance;
    }
    balance -= n;
    history.push('-' + n);
    return balance;
  };
  return {
    deposit,
    withdraw,
    report: () => owner + ': ' + balance + ' [' + history.join(',') + ']',
    rename(next) {
      owner = next;
    },
  };
}

// Two closures of the same activation: both must see (and change) the same `value`.
function makeCell(initial) {
  let value = initial;
  let reads = 0;
  const get = () => {
    reads++;
    return value;
  };
  const set = (v) => {
    value = v;
  };
  return [get, set, () => reads];
}

// A three-level chain: the innermost closure sees a parameter, a let of its parent and a var of its grandparent.
function outer(a) {
  var b = a * 2;
  return function middle(c) {
    let d = c + b;
    return () => {
      d++;
      b++;
      return [a, b, c, d].join('/');
    };
  };
}

const adder = (x) => (y) => (x += y);
const byOne = makeCounter(0, 1);
const byFive = makeCounter(100, 5);
const acct = makeAccount('ann');
const [getCell, setCell, cellReads] = makeCell('start');
const chainA = outer(1)(10);
const middleB = outer(5);
const chainB1 = middleB(0);
const chainB2 = middleB(100); // shares b with chainB1
const acc = adder(1000);
let lateCounter = null;

const amounts = [30, 12, 50, 7, 25, 80];
let ticks = 0;
const id = setInterval(() => {
  ticks++;
  const a = byOne();
  const b = byFive();
  if (ticks % 2 === 1) acct.deposit(amounts[ticks % amounts.length]);
  else acct.withdraw(amounts[ticks % amounts.length]);
  if (ticks === 3) acct.rename('bob');
  setCell(getCell() + '>' + ticks);
  if (ticks === 2) lateCounter = makeCounter(ticks * 10, -3);
  const late = lateCounter ? lateCounter() : '-';
  console.log('tick', ticks, 'counters', a, b, 'late', late, 'acc', acc(ticks));
  console.log('  ' + acct.report());
  console.log('  cell', getCell(), 'reads', cellReads());
  console.log('  chains', chainA(), chainB1(), chainB2());
  if (ticks === 7) {
    clearInterval(id);
    console.log('done', byOne(), byFive(), typeof count, typeof balance);
  }
}, 20);
console.log('started', byOne.name, acct.deposit.name, acct.withdraw.name, getCell.name, chainA.name, middleB.name);
