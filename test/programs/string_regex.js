// Checks string methods and regular expressions: named groups, matchAll, replace with callbacks, sticky/global lastIndex, split, padding, code points.
const line = 'temp=21.5C; hum=40%; pressure=1013hPa; temp=22.0C';
const re = /(?<key>\w+)=(?<value>[\d.]+)(?<unit>[A-Za-z%]+)/g;
for (const m of line.matchAll(re)) {
  console.log(m.index, m.groups.key, Number(m.groups.value), m.groups.unit);
}
console.log(line.match(/temp=([\d.]+)/)[1], line.match(/temp=[\d.]+/g), line.match(/nothing/));
console.log(line.replace(/\d+/g, (d) => `<${d}>`));
console.log(line.replaceAll('temp', 'T'), line.replace('temp', 'FIRST'));
console.log('2024-03-05'.replace(/(?<y>\d+)-(?<m>\d+)-(?<d>\d+)/, '$<d>/$<m>/$<y>'), 'aaa'.replace(/a/g, '$&$&'));
console.log('a,b;;c d'.split(/[,; ]/), 'abc'.split(''), 'a1b2c3'.split(/\d/, 2), 'x'.split(','));

const sticky = /\d/y;
sticky.lastIndex = 1;
console.log(sticky.test('a1b'), sticky.lastIndex, sticky.test('a1b'), sticky.lastIndex);
const globalRe = /o/g;
console.log(globalRe.exec('foo').index, globalRe.lastIndex, globalRe.exec('foo').index, globalRe.exec('foo'), globalRe.lastIndex);

console.log('5'.padStart(3, '0'), 'abc'.padEnd(6, '-') + '|', '  trim me  '.trim() + '|', '  x'.trimStart(), 'x  '.trimEnd() + '|');
console.log('Hello'.at(-1), 'Hello'.charAt(1), 'Hello'.charCodeAt(0), 'Hello'.codePointAt(0), 'hello world'.indexOf('o', 5));
console.log('ab'.repeat(3), 'Hello'.startsWith('He'), 'Hello'.endsWith('lo'), 'Hello'.includes('ell'), 'Hello'.slice(-3, -1));
console.log('Straße'.toUpperCase(), 'İ'.length, 'ABC'.toLowerCase(), 'mixed Case'.split(' ').map((w) => w[0].toUpperCase() + w.slice(1)));
const emoji = 'a😀b';
console.log(emoji.length, [...emoji].length, emoji.codePointAt(1).toString(16), String.fromCodePoint(0x1f600) === '😀', emoji.split(''));
console.log(String.fromCharCode(72, 105), 'abc'.localeCompare === undefined, 'b' > 'a', 'B' < 'a', '10' < '9', 10 < 9);
console.log(/^[\w.+-]+@\w+\.\w{2,}$/.test('user.name+tag@example.com'), /^\p{Lu}/u.test('Ärger'), /\bcat\b/i.test('Concatenate'));
console.log('a-b_c d'.replace(/[-_ ](\w)/g, (_, c) => c.toUpperCase()));
console.log(JSON.stringify('tab\tquote"backslash\\'), encodeURIComponent('a b&c=d/é'), decodeURIComponent('%E2%9C%93'));
console.log(escape === undefined ? 'no escape' : typeof escape, 'abc'.concat(1, 2), ['x', 'y'].join(), [1, [2, [3]]].toString());
const multiline = `first line
second line
third line`;
console.log(multiline.split('\n').map((l, i) => `${i + 1}: ${l}`).join(' | '), multiline.match(/^\w+/gm));
console.log(/(a)|(b)/.exec('b'), 'xAy'.search(/[A-Z]/), RegExp.prototype.flags !== undefined, /a/gimsuy.flags);
