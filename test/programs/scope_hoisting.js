// Checks scoping rules: var/function hoisting, TDZ errors for let/const/class, block-scoped functions, typeof of undeclared names, default parameter scope, arguments object.
console.log('hoisted var before assignment:', typeof hoistedVar, hoistedVar);
var hoistedVar = 'assigned';
console.log('hoisted function call:', hoistedFn());
function hoistedFn() {
  return 'works before declaration';
}

try {
  console.log(tdzLet);
} catch (e) {
  console.log('TDZ let:', e.name);
}
let tdzLet = 1;

try {
  new TdzClass();
} catch (e) {
  console.log('TDZ class:', e.name);
}
class TdzClass {}

console.log('typeof undeclared:', typeof someUndeclaredName);

function shadow() {
  var x = 'function scope';
  if (true) {
    var x = 'same var redeclared';
    let y = 'block';
    console.log('inside block', x, y);
  }
  console.log('after block', x, typeof y);
}
shadow();

function blockFunctions() {
  const results = [];
  {
    function inner() {
      return 'block function';
    }
    results.push(inner());
  }
  results.push(typeof inner);
  return results;
}
console.log(blockFunctions());

function defaults(a, b = a * 2, c = () => a + b) {
  a = 100;
  return [a, b, c()];
}
console.log('defaults', defaults(1), defaults(1, 5));

function args(a, b) {
  const snapshot = Array.from(arguments);
  a = 'changed';
  return [arguments.length, snapshot, arguments[0]];
}
console.log('arguments (sloppy, mapped)', args(1, 2, 3));

function strictArgs(a) {
  'use strict';
  a = 'changed';
  return arguments[0];
}
console.log('arguments (strict, unmapped)', strictArgs('original'));

function outerWithArgs() {
  return (() => arguments.length)();
}
console.log('arrow sees outer arguments:', outerWithArgs(1, 2, 3));

// Function name inference and length.
const anonymous = function () {};
const arrowFn = (a, b = 2, ...rest) => {};
const obj = { method() {}, ['comp' + 'uted']: () => {} };
console.log(anonymous.name, arrowFn.name, arrowFn.length, obj.method.name, obj.computed.name, (() => {}).name);

// Named function expression binding is read-only and local.
const fact = function f(n) {
  return n <= 1 ? 1 : n * f(n - 1);
};
console.log('fact(10)', fact(10), typeof f);

// Closures over loop variables declared with var in a function scope.
function counterFactory() {
  var fns = [];
  for (var i = 0; i < 3; i++) {
    (function (j) {
      fns.push(() => j);
    })(i);
  }
  return fns.map((fn) => fn());
}
console.log('IIFE capture', counterFactory());

// const objects are mutable, const bindings are not.
const frozenBinding = { v: 1 };
frozenBinding.v = 2;
try {
  eval('frozenBinding = {}');
} catch (e) {
  console.log('assign to const:', e.name, frozenBinding.v);
}

// Getter/setter and 'this' binding rules.
const counter = {
  count: 0,
  inc() {
    this.count++;
    return this;
  },
  incLater() {
    return [1, 2].map(() => this.inc().count);
  },
};
console.log(counter.inc().inc().count, counter.incLater());
function strictThis() {
  'use strict';
  return this;
}
console.log('strict function this:', strictThis(), strictThis.call(5));
const bound = counter.inc.bind({ count: 41 });
console.log('bound', bound().count, bound.name);
