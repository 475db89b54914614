// Strings with quotes, backslashes, newlines, tabs, NUL, unicode (emoji, accented, CJK), template literals and object keys made of such characters, carried across ticks.
const pieces = [
  "it's",
  'say "hi"',
  `both ' and "`,
  'back\\slash',
  'line1\nline2',
  'tab\there',
  'nul\0byte',
  'caf\u00e9',
  'cafe\u0301',
  '日本語',
  'emoji 🙂👍🏽',
  'zero\u200bwidth \u{1D11E} clef',
  '${not a template}',
  '</script>',
];
const weird = {
  "it's": 1,
  'a"b': 2,
  'new\nline': 3,
  'back\\': 4,
  'ünïcödé': 5,
  '🙂': 6,
  'with space': 7,
  '': 8,
  '123': 9,
  valid_id: 10,
};
const name = 'Zoë';
let text = `Hello ${name}, "quoted" and 'single' and \`back\``;
const raw = String.raw`C:\temp\new${1 + 1}\n`;

function tag(strings, ...values) {
  return strings.raw.map((s, i) => s + (i < values.length ? '[' + values[i] + ']' : '')).join('');
}

let tick = 0;
const id = setInterval(() => {
  tick++;
  const p = pieces[(tick - 1) % pieces.length];
  text += '|' + tick;
  weird['key ' + p] = p.length;
  console.log('tick', tick, JSON.stringify(p), p.length, [...p].length, 'nfc', p.normalize('NFC').length);
  console.log('  ' + p);
  console.log('  ', p, [p]);
  console.log('  text', text, tag`x${p}y\n${tick}z`);
  if (tick === 14) {
    clearInterval(id);
    console.log(raw, raw.length, '🙂'.codePointAt(0).toString(16), '🙂'.charCodeAt(1).toString(16), 'é'.toUpperCase(), 'straße'.toUpperCase());
    console.log(weird);
    console.log(Object.keys(weird).map((k) => JSON.stringify(k)).join(' '));
    console.log(JSON.stringify(weird));
    console.log(JSON.parse(JSON.stringify(pieces)).every((s, i) => s === pieces[i]), pieces.join('').length);
  }
}, 20);
