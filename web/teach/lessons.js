// The built-in lessons on capture groups, as data: what the lesson teaches, the task,
// one metric definition to fix (its name and a starting regex), a log, and the values
// SageMaker should record ([line, value] pairs, in order). The page checks the
// learner's regex against them live. A challenge link carries the same fields
// (without any solution).

export const LESSONS = [
  {
    id: 'group-0-vs-1',
    title: '1. Group 0 and group 1',
    teaches: 'A match has group 0 — all the text the regex matched — and one group per pair of parentheses. SageMaker records group 1 only, so a regex without parentheses records nothing, and group 1 must hold just the number.',
    task: 'Record the loss of each step as "loss": put a capture group around the number only.',
    name: 'loss',
    regex: 'loss=[0-9.]+',
    log: 'step 1 loss=0.912 lr=0.001\nstep 2 loss=0.734 lr=0.001\nstep 3 loss=0.651 lr=0.0005\n',
    expected: [[1, 0.912], [2, 0.734], [3, 0.651]],
    hint: 'loss=([0-9.]+)',
  },
  {
    id: 'numbering',
    title: '2. Groups are numbered by their opening parenthesis',
    teaches: 'Groups are numbered by where their "(" is, left to right — a group inside another comes after it. In (a(b)) group 1 is the outer one.',
    task: 'This regex records the epoch, because its first "(" is around the epoch. Record the accuracy as group 1 (keep the epoch out of any group, or make it come later).',
    name: 'accuracy',
    regex: 'epoch ([0-9]+): acc=(([0-9]+)\\.([0-9]+))',
    log: 'epoch 1: acc=0.81\nepoch 2: acc=0.86\nepoch 3: acc=0.9\n',
    expected: [[1, 0.81], [2, 0.86], [3, 0.9]],
    hint: 'epoch [0-9]+: acc=(([0-9]+)\\.([0-9]+))',
  },
  {
    id: 'optional-group',
    title: '3. An optional group that takes no part',
    teaches: 'A group followed by ? may take no part in a match: the regex still matches, but the group has no text — and when that group is group 1, SageMaker records nothing for the line.',
    task: 'Record val_loss on the lines that report it, and match no other line (a match whose group 1 took no part is a dropped value).',
    name: 'val_loss',
    regex: 'epoch [0-9]+ .*?(?:val_loss=([0-9.]+))?$',
    log: 'epoch 1 loss=0.9\nepoch 1 loss=0.8 val_loss=0.85\nepoch 2 loss=0.7\nepoch 2 loss=0.6 val_loss=0.66\n',
    expected: [[2, 0.85], [4, 0.66]],
    hint: 'val_loss=([0-9.]+)',
  },
  {
    id: 'alternation',
    title: '4. Alternation inside a group',
    teaches: 'a|b matches a or b; inside parentheses, (train|val) is a group like any other and takes a number — here group 1 captures the word, not the number.',
    task: 'Record the error of both train and val lines as one metric "error": the number must be group 1.',
    name: 'error',
    regex: '(train|val)-error=([0-9.]+)',
    log: '[1] train-error=0.31\n[1] val-error=0.35\n[2] train-error=0.22\n[2] val-error=0.29\n',
    expected: [[1, 0.31], [2, 0.35], [3, 0.22], [4, 0.29]],
    hint: '(?:train|val)-error=([0-9.]+)',
  },
  {
    id: 'non-capturing',
    title: '5. (?:…) groups without a number',
    teaches: '(?:…) groups like ( ) do — for | or a repetition — but captures nothing and takes no number, so the groups after it keep theirs.',
    task: 'The first group only makes "Epoch" or "epoch" optional in case. Keep it a group, but make the loss group 1.',
    name: 'loss',
    regex: '(E|e)poch [0-9]+ - loss: ([0-9.]+)',
    log: 'Epoch 1 - loss: 1.25\nepoch 2 - loss: 0.75\nEpoch 3 - loss: 0.5\n',
    expected: [[1, 1.25], [2, 0.75], [3, 0.5]],
    hint: '(?:E|e)poch [0-9]+ - loss: ([0-9.]+)',
  },
  {
    id: 'named-groups',
    title: '6. Named groups are still numbered',
    teaches: '(?P<name>…) gives a group a name for people to read, but SageMaker goes by number: a named group is numbered like any other, by its opening parenthesis.',
    task: 'Record the F1 score. The names say which group is which — SageMaker does not read them.',
    name: 'f1',
    regex: 'step (?P<step>[0-9]+) f1=(?P<f1>[0-9.]+)',
    log: 'step 100 f1=0.42\nstep 200 f1=0.57\nstep 300 f1=0.63\n',
    expected: [[1, 0.42], [2, 0.57], [3, 0.63]],
    hint: 'step [0-9]+ f1=(?P<f1>[0-9.]+)',
  },
  {
    id: 'lazy-at-the-end',
    title: '7. Greedy and lazy: (.*?) at the end captures nothing',
    teaches: '.* takes as much as it can (greedy); .*? as little as it can (lazy). A lazy group at the very end of a pattern has nothing after it that forces it to grow, so it captures the empty text — and SageMaker records nothing.',
    task: 'AWS writes "Loss = (.*?);" — the ";" after the group is what makes it work. Here the lines have no ";": record the loss.',
    name: 'loss',
    regex: 'Loss = (.*?)',
    log: 'GAN_loss=0.138318 Loss = 16.020744\nGAN_loss=0.120116 Loss = 12.5\n',
    expected: [[1, 16.020744], [2, 12.5]],
    hint: 'Loss = ([0-9.]+)',
  },
  {
    id: 'tab-escape',
    title: '8. \\S+ swallows #011 (a TAB, as SageMaker sees it)',
    teaches: 'CloudWatch writes a TAB as #011, and SageMaker matches that text. \\S+ ("anything but white space") runs straight through #011 into the next field, and the value is not a number.',
    task: 'XGBoost separates its metrics with TABs. Record train-error as a number.',
    name: 'train:error',
    regex: '#011train-error:(\\S+)',
    log: '[0]\ttrain-error:0.16\tvalidation-error:0.14\n[1]\ttrain-error:0.12\tvalidation-error:0.11\n[2]\ttrain-error:0.1\tvalidation-error:0.105\n',
    expected: [[1, 0.16], [2, 0.12], [3, 0.1]],
    hint: '#011train-error:([0-9.]+)',
  },
  {
    id: 'truncated-exponent',
    title: '9. A number cut at its exponent',
    teaches: 'Hugging Face prints small learning rates as 4.5e-05. A class like [0-9.]+ stops at the "e", and SageMaker records 4.5 — a value 100,000 times too large, with no error anywhere.',
    task: 'Record the learning rate with its exponent.',
    name: 'learning_rate',
    regex: "'learning_rate': ([0-9.]+)",
    log: "{'loss': 0.6931, 'learning_rate': 4.5e-05, 'epoch': 0.5}\n{'loss': 0.5412, 'learning_rate': 3e-05, 'epoch': 1.0}\n{'loss': 0.4837, 'learning_rate': 0.00015, 'epoch': 1.5}\n",
    expected: [[1, 4.5e-05], [2, 3e-05], [3, 0.00015]],
    hint: "'learning_rate': ([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)",
  },
];

/**
 * The definitions text of a lesson's metric with `regex`, as the page's editor holds
 * it: Python SDK code with a raw string, so the regex reads exactly as written (no
 * doubled backslashes); JSON when a raw string cannot hold it.
 */
export function lessonDefinitions(name, regex) {
  const q = !regex.includes("'") ? "'" : !regex.includes('"') ? '"' : null;
  if (q && !/[\\'\r\n]/.test(name) && !/[\r\n]/.test(regex) && !/\\$/.test(regex.replace(/\\\\/g, ''))) {
    return `metric_definitions = [\n    {'Name': '${name}', 'Regex': r${q}${regex}${q}},\n]\n`;
  }
  return `${JSON.stringify([{ Name: name, Regex: regex }], null, 2)}\n`;
}
