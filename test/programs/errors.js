// Checks throwing, catching and rethrowing errors: built-in error types, custom subclasses, cause, finally ordering, non-Error throws, AggregateError.
function describe(e) {
  return e instanceof Error ? e.name + ': ' + e.message : 'non-error ' + typeof e + ' ' + String(e);
}

const triggers = [
  () => null.prop,
  () => undefinedVariable + 1,
  () => (1).toFixed(500),
  () => new Array(-1),
  () => eval('let let = 1'),
  () => decodeURIComponent('%'),
  () => {
    throw 'a plain string';
  },
  () => {
    throw 42;
  },
  () => {
    throw { code: 'OBJ' };
  },
  () => {
    throw null;
  },
  () => Symbol() + 1,
  () => BigInt(1.5),
  () => 1n + 1,
  () => JSON.parse('{'),
  () => structuredCloneMissing(),
];
for (const t of triggers) {
  try {
    t();
  } catch (e) {
    console.log(e instanceof Error ? e.name : 'thrown ' + typeof e, '|', e instanceof Error ? 'Error instance' : JSON.stringify(e));
  }
}

class ValidationError extends Error {
  constructor(field, message, options) {
    super(message, options);
    this.name = 'ValidationError';
    this.field = field;
  }
}
class RangeValidationError extends ValidationError {
  constructor(field, min, max, value) {
    super(field, `${field} must be between ${min} and ${max}, got ${value}`);
    this.name = 'RangeValidationError';
  }
}

function validate(reading) {
  if (typeof reading.value !== 'number') throw new ValidationError('value', 'value must be a number');
  if (reading.value < -40 || reading.value > 85) throw new RangeValidationError('value', -40, 85, reading.value);
  return true;
}

for (const r of [{ value: 20 }, { value: 'hot' }, { value: 100 }]) {
  try {
    console.log('valid', validate(r));
  } catch (e) {
    if (e instanceof RangeValidationError) console.log('range problem ->', describe(e), e.field);
    else if (e instanceof ValidationError) console.log('validation problem ->', describe(e));
    else throw e;
  }
}

function wrapper() {
  try {
    validate({ value: 'x' });
  } catch (e) {
    throw new Error('wrapped failure', { cause: e });
  }
}
try {
  wrapper();
} catch (e) {
  console.log(describe(e), '| cause:', describe(e.cause), e.cause instanceof ValidationError);
}

function order() {
  const steps = [];
  try {
    steps.push('try');
    try {
      steps.push('inner try');
      throw new Error('inner');
    } finally {
      steps.push('inner finally');
    }
  } catch (e) {
    steps.push('outer catch ' + e.message);
    return steps;
  } finally {
    steps.push('outer finally');
  }
}
console.log(order());

function finallyOverrides() {
  try {
    return 'from try';
  } finally {
    // eslint-disable-next-line no-unsafe-finally
    return 'from finally';
  }
}
console.log(finallyOverrides());

function rethrowUnlessHandled(kind) {
  try {
    if (kind === 'type') null.x;
    if (kind === 'range') throw new RangeError('out of range');
    return 'no error';
  } catch (e) {
    if (e instanceof TypeError) return 'handled TypeError';
    throw e;
  }
}
console.log(rethrowUnlessHandled('none'), '/', rethrowUnlessHandled('type'));
try {
  rethrowUnlessHandled('range');
} catch (e) {
  console.log('rethrown:', describe(e));
}

try {
  throw new AggregateError([new Error('one'), new TypeError('two')], 'several');
} catch (e) {
  console.log(describe(e), e.errors.map(describe));
}

const err = new Error('props');
console.log(err.name, err.message, typeof err.stack, Object.keys(err), err.toString(), String(new TypeError()));
const custom = new Error('x');
custom.name = 'Renamed';
console.log(custom.toString(), Object.prototype.toString.call(custom));

// Optional catch binding.
try {
  JSON.parse('nope');
} catch {
  console.log('optional catch binding works');
}

// Errors in promise chains are caught by catch handlers.
Promise.resolve()
  .then(() => {
    throw new EvalError('in then');
  })
  .catch((e) => {
    console.log('promise catch:', describe(e));
    return 'recovered';
  })
  .then((v) => console.log('after catch:', v))
  .finally(() => console.log('promise finally'));
