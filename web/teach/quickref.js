// A short quick reference of the regex crate's syntax, with the differences from
// Python's `re` that matter for SageMaker metric definitions.

const ROWS = [
  ['(…)', 'a capture group; groups are numbered by their opening parenthesis, and SageMaker records group 1'],
  ['(?:…)', 'a group that captures nothing (and takes no number)'],
  ['(?P<name>…)  (?<name>…)', 'a named group — still numbered; SageMaker goes by the number'],
  ['.', 'any character except a line break'],
  ['\\d  \\s  \\w   (\\D  \\S  \\W)', 'a digit, white space, a word character (and anything but); Unicode-aware, as in Python 3'],
  ['[0-9.]  [^;]', 'one character of the set, or any character not in it'],
  ['*  +  ?  {2,5}', 'repeat, as many times as possible (greedy); add ? for as few as possible (lazy): .*?'],
  ['a|b', 'either; the first alternative that leads to a match is taken'],
  ['^  $  \\b', 'line start, line end (each log line is matched on its own), a word boundary'],
  ['\\.  \\[  \\(', 'the character itself'],
  ['#011', 'a TAB, as SageMaker sees it (CloudWatch escaping)'],
];

const DIFFERENCES = [
  'No look-around ((?=…), (?<=…)) and no back-references (\\1): metrex says so where the pattern uses them.',
  'Write \\z for the end of the text; \\Z is an error here.',
  'a++ is possessive in Python 3.11+, but a repeated repetition here: it compiles and behaves differently.',
  '\\d matches any Unicode digit in both; write [0-9] for ASCII digits only.',
];

/** The quick reference's content, built with render/dom.js's `h`. */
export function quickReference(h) {
  return [
    h('table', { class: 'ref' },
      h('thead', {}, h('tr', {}, h('th', { text: 'write', attrs: { scope: 'col' } }), h('th', { text: 'matches', attrs: { scope: 'col' } }))),
      h('tbody', {}, ROWS.map(([code, words]) => h('tr', {}, h('td', {}, h('code', { text: code })), h('td', { text: words }))))),
    h('p', {}, h('b', { text: 'Unlike Python\'s re' }), ' (which AWS\'s examples are written for):'),
    h('ul', {}, DIFFERENCES.map((d) => h('li', { text: d }))),
  ];
}
