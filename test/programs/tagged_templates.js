// Checks template literals and tagged templates: strings/raw arrays, String.raw, per-site caching of the strings array, nesting and expressions.
function tag(strings, ...values) {
  return JSON.stringify({ strings: [...strings], raw: strings.raw, values });
}
const who = 'world';
console.log(tag`hello ${who}!`);
console.log(tag`${1}${2}`);
console.log(tag`line1\nline2 \u0041 ${'x'} end`);
console.log(tag``);

console.log(String.raw`C:\new\table ${1 + 1}\x`);
console.log(`multi
line
template`);
console.log(`nested ${`inner ${`deepest ${who.toUpperCase()}`}`}`);
console.log(`expr ${[1, 2, 3].map((n) => n * 2).join('|')} ${typeof who} ${who.length > 3 ? 'long' : 'short'}`);

function cached(strings) {
  return strings;
}
const sites = [];
for (let i = 0; i < 3; i++) sites.push(cached`same site ${i}`);
console.log('same call site shares strings', sites[0] === sites[1] && sites[1] === sites[2]);
console.log('different sites differ', cached`a` === cached`a`);
console.log('frozen', Object.isFrozen(sites[0]), Object.isFrozen(sites[0].raw));

function html(strings, ...values) {
  const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  return strings.reduce((out, str, i) => out + str + (i < values.length ? escape(values[i]) : ''), '');
}
console.log(html`<p title="${'a "quote"'}">${'<b>bold</b> & more'}</p>`);

function units(strings, ...values) {
  return values.map((v, i) => `${v}${strings[i + 1].trim()}`).join(', ');
}
const temp = 21.5;
const hum = 40;
console.log(units`${temp} C ${hum} %`);

// Invalid escapes are allowed in tagged templates (cooked value undefined).
function cookedAndRaw(strings) {
  return [strings[0], strings.raw[0]];
}
console.log(cookedAndRaw`\unicode and \xerror`);

const fnTag = (s, ...v) => (x) => s[0] + x + s[1] + v[0];
console.log(fnTag`pre-${'V'}-post`('X'));

console.log(`${{}} ${[]} ${[1, [2, 3]]} ${null} ${undefined} ${() => 1} ${Symbol.iterator.description}`);
