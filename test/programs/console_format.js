// Checks console.log format specifiers %s %d %i %f %j %o %O %c %% with various argument types, missing and extra arguments.
console.log('%s is %d years', 'Bob', 42);
console.log('%s|%s|%s|%s|%s', 'str', 42, -0, 12n, Symbol('sym'));
console.log('%s|%s|%s', null, undefined, true);
console.log('%s', { a: 1, nested: { b: [1, 2] } });
console.log('%s', [1, 'two', [3]]);
console.log('%s', function namedFn() {});
console.log('%s', new Error('err message').message);
console.log('%s', class Foo {});
console.log('%s', new Date(0));
console.log('%d|%d|%d|%d|%d|%d', 42, '42', 4.7, 'abc', 12n, -0);
console.log('%d|%d', {}, []);
console.log('%i|%i|%i|%i|%i', 42.9, '-42.9', 'x', 99n, 1e21);
console.log('%f|%f|%f|%f', 3.14, '2.5abc', 'abc', 10);
console.log('%j', { a: 1, b: [1, 2], c: 'x' });
console.log('%j|%j|%j', 'str', 5, null);
const circular = { me: null };
circular.me = circular;
console.log('%j', circular);
console.log('%o', { a: 1, b: 'two' });
console.log('%o', [1, 2, 3]);
console.log('%O', { a: 1, b: { c: { d: { e: 'deep' } } } });
console.log('%O', 'a string');
console.log('%c styled %c text', 'color: red', 'font-weight: bold');
console.log('100%% done, %s%%', 50);
console.log('%s and %s', 'only one');
console.log('%d', 1, 'extra', { x: 1 }, [2]);
console.log('no specifiers', 'extra', 1);
console.log('%x %y unknown specifiers', 1, 2);
console.log('%', 1);
console.log('trailing %', 'arg');
console.log('%%s is literal', 'arg');
console.log(5, '%s', 'first arg not a string so no formatting');
console.log('%s');
console.log('%s:%s', 'key');
console.log('%s', 'a', 'b', 'c');
console.log('%s', '%s', 'nested?');
console.log('%s', Symbol.for('x'), '%d', 3);
console.log('%i%%', 99.9);
console.log('%s', -0, '%d', -0);
console.log('%s', 1.5e300, 1e-7);
console.log('%s', { toString() {
  return 'custom toString';
} });
class Temp {
  toString() {
    return 'Temp.toString';
  }
}
console.log('%s', new Temp());
console.log('%s', Object.create(null));
