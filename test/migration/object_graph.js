// Object graph: shared references, cycles, parent/child links, sparse arrays with extra properties, -0/NaN/Infinity/BigInt, frozen and sealed objects, defineProperty (non-enumerable values, getters).
const shared = [1, 2];
const alias = shared; // two variables, one array
const holder = { list: shared, again: shared };

const root = { name: 'root', children: [] };
root.self = root;
function addChild(parent, name) {
  const child = { name, parent, children: [] };
  parent.children.push(child);
  return child;
}
const leaf = addChild(addChild(root, 'a'), 'a1');
addChild(root, 'b');

const sparse = [1, , 3];
sparse[6] = 'six';
sparse.extra = 'x';
sparse[-1] = 'minus';

const numbers = { negZero: -0, nan: NaN, inf: Infinity, ninf: -Infinity, big: 2n ** 64n, tiny: 5e-324 };
const frozen = Object.freeze({ k: 'fixed', inner: { soft: 1 } });
const sealed = Object.seal({ s: 1 });
const hidden = {};
Object.defineProperty(hidden, 'secret', { value: 42, enumerable: false, writable: true, configurable: false });
let getterCalls = 0;
Object.defineProperty(hidden, 'visible', { get() { getterCalls++; return this.secret * 2; }, enumerable: true, configurable: true });
Object.defineProperty(hidden, 'quiet', { get: () => getterCalls, set(v) { getterCalls = v; }, enumerable: false });
const proto = { greet() { return 'hi from ' + this.who; } };
const child = Object.create(proto, { who: { value: 'child', enumerable: true } });
const bare = Object.create(null);
bare.x = 1;

function path(node) {
  const parts = [];
  for (let n = node; n; n = n.parent) parts.unshift(n.name);
  return parts.join('/');
}

let tick = 0;
const id = setInterval(() => {
  tick++;
  alias.push(tick * 10);
  sparse[tick + 1] = sparse[tick + 1] === undefined ? 'filled' + tick : sparse[tick + 1];
  numbers.big += BigInt(tick);
  numbers.negZero = numbers.negZero * 1;
  hidden.secret += tick;
  sealed.s += 1;
  sealed.added = true; // ignored: sealed
  frozen.k = 'changed'; // ignored: frozen
  frozen.inner.soft++; // the inner object is not frozen
  if (tick === 2) addChild(leaf, 'a1x');
  console.log('tick', tick, 'shared', holder.list === alias, holder.again.join(','), 'len', shared.length);
  console.log('  path', path(root.children[0].children[0].children[tick > 1 ? 0 : 1] || leaf), 'self', root.self.self === root, 'kids', root.children.map((c) => c.name + c.children.length).join(','));
  console.log('  sparse', sparse.length, 1 in sparse, 4 in sparse, Object.keys(sparse).join(','), JSON.stringify(sparse));
  console.log('  numbers', Object.is(numbers.negZero, -0), 1 / numbers.negZero, Number.isNaN(numbers.nan), numbers.inf - 1, String(numbers.big), typeof numbers.big, numbers.tiny);
  console.log('  frozen', frozen.k, Object.isFrozen(frozen), frozen.inner.soft, 'sealed', sealed.s, sealed.added, Object.isSealed(sealed), Object.isExtensible(sealed));
  console.log('  hidden', hidden.visible, hidden.quiet, Object.keys(hidden).join(','), JSON.stringify(hidden), child.greet(), Object.keys(bare), Object.getPrototypeOf(bare));
  if (tick === 4) {
    clearInterval(id);
    hidden.quiet = 100;
    console.log(root.children[0].children[0]);
    console.log(sparse, numbers, frozen, sealed, hidden, child, bare);
    console.log(Object.getOwnPropertyDescriptor(hidden, 'secret'), hidden.quiet);
    console.log(holder);
  }
}, 20);
