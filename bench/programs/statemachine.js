// Exercises: closure-based state machines: a character-level lexer and recursive-descent parser holding state in captured lets, plus AST interpretation and closure compilation.

let rngState = 0x51ed270b;
function rand() {
  rngState ^= rngState << 13;
  rngState ^= rngState >>> 17;
  rngState ^= rngState << 5;
  return rngState >>> 0;
}
function pick(n) {
  return rand() % n;
}

function mix(h, v) {
  return (Math.imul(h ^ (v | 0), 0x01000193) + 0x2545f491) >>> 0;
}

// ---------------------------------------------------------------- lexer

const T_NUM = 1, T_IDENT = 2, T_OP = 3, T_EOF = 4;
const KEYWORDS = new Set(["let", "in"]);

function isDigit(c) { return c >= 48 && c <= 57; }
function isAlpha(c) { return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95; }
function isSpace(c) { return c === 32 || c === 9 || c === 10; }

function makeLexer(source) {
  const S_START = 0, S_NUMBER = 1, S_IDENT = 2, S_OPERATOR = 3;
  let pos = 0;
  let state = S_START;
  let start = 0;
  let produced = 0;

  const emit = (type, text, value) => {
    produced++;
    state = S_START;
    return { type, text, value, at: start };
  };

  function next() {
    for (;;) {
      const c = pos < source.length ? source.charCodeAt(pos) : -1;
      switch (state) {
        case S_START:
          if (c === -1) return emit(T_EOF, "", 0);
          start = pos;
          if (isSpace(c)) { pos++; break; }
          if (isDigit(c)) { state = S_NUMBER; break; }
          if (isAlpha(c)) { state = S_IDENT; break; }
          state = S_OPERATOR;
          break;
        case S_NUMBER:
          if (c !== -1 && isDigit(c)) { pos++; break; }
          {
            const text = source.slice(start, pos);
            let value = 0;
            for (let i = 0; i < text.length; i++) value = value * 10 + (text.charCodeAt(i) - 48);
            return emit(T_NUM, text, value | 0);
          }
        case S_IDENT:
          if (c !== -1 && (isAlpha(c) || isDigit(c))) { pos++; break; }
          {
            const text = source.slice(start, pos);
            return emit(KEYWORDS.has(text) ? T_OP : T_IDENT, text, 0);
          }
        case S_OPERATOR: {
          const d = pos + 1 < source.length ? source.charCodeAt(pos + 1) : -1;
          if ((c === 60 || c === 62 || c === 61 || c === 33) && d === 61) { // <= >= == !=
            pos += 2;
            return emit(T_OP, source.slice(start, pos), 0);
          }
          if ("+-*/%()<>=?:,".indexOf(source[pos]) < 0) {
            throw new SyntaxError("unexpected character '" + source[pos] + "' at " + pos);
          }
          pos++;
          return emit(T_OP, source[pos - 1], 0);
        }
      }
    }
  }

  return { next, count: () => produced };
}

// ---------------------------------------------------------------- parser

function parse(source) {
  const lexer = makeLexer(source);
  let token = lexer.next();

  const advance = () => { const t = token; token = lexer.next(); return t; };
  const isOp = (text) => token.type === T_OP && token.text === text;
  const expect = (text) => {
    if (!isOp(text)) throw new SyntaxError("expected '" + text + "' at " + token.at + ", got '" + token.text + "'");
    return advance();
  };

  // Builds a left-associative binary level from the operators it accepts and the next level.
  const binaryLevel = (ops, operand) => () => {
    let left = operand();
    while (token.type === T_OP && ops.indexOf(token.text) >= 0) {
      const op = advance().text;
      left = { type: "bin", op, left, right: operand() };
    }
    return left;
  };

  function atom() {
    if (token.type === T_NUM) return { type: "num", value: advance().value };
    if (token.type === T_IDENT) {
      const name = advance().text;
      if (isOp("(")) {
        advance();
        const args = [expression()];
        while (isOp(",")) { advance(); args.push(expression()); }
        expect(")");
        return { type: "call", name, args };
      }
      return { type: "var", name };
    }
    if (isOp("(")) {
      advance();
      const inner = expression();
      expect(")");
      return inner;
    }
    throw new SyntaxError("unexpected '" + token.text + "' at " + token.at);
  }

  function unary() {
    if (isOp("-")) {
      advance();
      return { type: "neg", arg: unary() };
    }
    return atom();
  }

  const product = binaryLevel(["*", "/", "%"], unary);
  const sum = binaryLevel(["+", "-"], product);
  const comparison = binaryLevel(["<", ">", "<=", ">=", "==", "!="], sum);

  function conditional() {
    const test = comparison();
    if (!isOp("?")) return test;
    advance();
    const then = expression();
    expect(":");
    return { type: "cond", test, then, otherwise: expression() };
  }

  function expression() {
    if (isOp("let")) {
      advance();
      if (token.type !== T_IDENT) throw new SyntaxError("expected a name after let");
      const name = advance().text;
      expect("=");
      const init = expression();
      expect("in");
      return { type: "let", name, init, body: expression() };
    }
    return conditional();
  }

  const tree = expression();
  if (token.type !== T_EOF) throw new SyntaxError("trailing input at " + token.at);
  return { tree, tokens: lexer.count() };
}

// ---------------------------------------------------------------- semantics

function applyOp(op, a, b) {
  switch (op) {
    case "+": return (a + b) | 0;
    case "-": return (a - b) | 0;
    case "*": return Math.imul(a, b);
    case "/": return b === 0 ? 0 : (a / b) | 0;
    case "%": return b === 0 ? 0 : (a % b) | 0;
    case "<": return a < b ? 1 : 0;
    case ">": return a > b ? 1 : 0;
    case "<=": return a <= b ? 1 : 0;
    case ">=": return a >= b ? 1 : 0;
    case "==": return a === b ? 1 : 0;
    case "!=": return a !== b ? 1 : 0;
  }
  throw new Error("unknown operator " + op);
}

const BUILTINS = {
  max: (a, b) => (a > b ? a : b),
  min: (a, b) => (a < b ? a : b),
  abs: (a) => (a < 0 ? -a | 0 : a),
  clamp: (a, lo, hi) => (a < lo ? lo : a > hi ? hi : a),
};

// Environments are closures: each binding captures its name, value and parent.
const emptyEnv = (name) => { throw new ReferenceError(name + " is not bound"); };
function bind(parent, name, value) {
  return (query) => (query === name ? value : parent(query));
}

function evaluate(node, env) {
  switch (node.type) {
    case "num": return node.value;
    case "var": return env(node.name);
    case "neg": return -evaluate(node.arg, env) | 0;
    case "bin": return applyOp(node.op, evaluate(node.left, env), evaluate(node.right, env));
    case "cond": return evaluate(node.test, env) !== 0 ? evaluate(node.then, env) : evaluate(node.otherwise, env);
    case "let": return evaluate(node.body, bind(env, node.name, evaluate(node.init, env)));
    case "call": {
      const fn = BUILTINS[node.name];
      const args = node.args.map((a) => evaluate(a, env));
      return fn(...args) | 0;
    }
  }
  throw new Error("bad node " + node.type);
}

// Compiles an AST into nested closures; each closure captures its sub-closures and constants.
function compile(node) {
  switch (node.type) {
    case "num": {
      const value = node.value;
      return () => value;
    }
    case "var": {
      const name = node.name;
      return (env) => env(name);
    }
    case "neg": {
      const arg = compile(node.arg);
      return (env) => -arg(env) | 0;
    }
    case "bin": {
      const left = compile(node.left);
      const right = compile(node.right);
      const op = node.op;
      switch (op) {
        case "+": return (env) => (left(env) + right(env)) | 0;
        case "-": return (env) => (left(env) - right(env)) | 0;
        case "*": return (env) => Math.imul(left(env), right(env));
        default: return (env) => applyOp(op, left(env), right(env));
      }
    }
    case "cond": {
      const test = compile(node.test);
      const then = compile(node.then);
      const otherwise = compile(node.otherwise);
      return (env) => (test(env) !== 0 ? then(env) : otherwise(env));
    }
    case "let": {
      const name = node.name;
      const init = compile(node.init);
      const body = compile(node.body);
      return (env) => body(bind(env, name, init(env)));
    }
    case "call": {
      const fn = BUILTINS[node.name];
      const args = node.args.map(compile);
      return (env) => fn(...args.map((a) => a(env))) | 0;
    }
  }
  throw new Error("bad node " + node.type);
}

// ---------------------------------------------------------------- generator

const GLOBALS = ["x", "y", "z", "count"];
const BIN_OPS = ["+", "-", "*", "/", "%", "+", "-", "*", "<", ">=", "==", "!="];

function space() {
  const r = pick(8);
  return r === 0 ? "  " : r < 3 ? "" : " ";
}

function generate(depth, scope) {
  const r = depth <= 0 ? pick(3) : pick(14);
  if (r === 0) return String(pick(1000));
  if (r === 1 || r === 2) return scope[pick(scope.length)];
  if (r <= 6) return "(" + generate(depth - 1, scope) + space() + BIN_OPS[pick(BIN_OPS.length)] + space() + generate(depth - 1, scope) + ")";
  if (r <= 8) return generate(depth - 1, scope) + space() + BIN_OPS[pick(6)] + space() + generate(depth - 1, scope);
  if (r === 9) return "-" + generate(depth - 1, scope);
  if (r === 10) {
    const name = "v" + depth + "_" + pick(4);
    const init = generate(depth - 1, scope);
    return "(let " + name + " = " + init + " in " + generate(depth - 1, scope.concat([name])) + ")";
  }
  if (r === 11) {
    return "(" + generate(depth - 1, scope) + " < " + generate(depth - 2, scope) + " ? " +
      generate(depth - 1, scope) + " : " + generate(depth - 1, scope) + ")";
  }
  if (r === 12) return "max(" + generate(depth - 1, scope) + "," + space() + generate(depth - 1, scope) + ")";
  return "clamp(" + generate(depth - 1, scope) + ", 0, " + pick(500) + ")";
}

// ---------------------------------------------------------------- driver

const PROGRAMS = 2500;
const INPUTS = 12;

let checksum = 0;
let tokens = 0;
let nodes = 0;
let mismatches = 0;

function countNodes(node) {
  switch (node.type) {
    case "num": case "var": return 1;
    case "neg": return 1 + countNodes(node.arg);
    case "bin": return 1 + countNodes(node.left) + countNodes(node.right);
    case "cond": return 1 + countNodes(node.test) + countNodes(node.then) + countNodes(node.otherwise);
    case "let": return 1 + countNodes(node.init) + countNodes(node.body);
    case "call": return node.args.reduce((n, a) => n + countNodes(a), 1);
  }
  return 0;
}

for (let p = 0; p < PROGRAMS; p++) {
  const source = generate(5 + (p % 3), GLOBALS);
  const parsed = parse(source);
  tokens += parsed.tokens;
  nodes += countNodes(parsed.tree);
  const compiled = compile(parsed.tree);
  for (let input = 0; input < INPUTS; input++) {
    let env = emptyEnv;
    env = bind(env, "x", (input * 7 + p) % 101);
    env = bind(env, "y", (p * 13 - input) | 0);
    env = bind(env, "z", input - 5);
    env = bind(env, "count", p);
    const a = evaluate(parsed.tree, env);
    const b = compiled(env);
    if (a !== b) mismatches++;
    checksum = mix(checksum, a);
    checksum = mix(checksum, b);
  }
}

console.log("statemachine: " + checksum.toString(16) + " tokens=" + tokens + " nodes=" + nodes + " mismatches=" + mismatches);
