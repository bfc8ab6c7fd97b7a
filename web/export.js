// Exporting the definitions as SageMaker receives them: JSON for the API / boto3,
// and a Python literal for the SageMaker Python SDK.

/** `[{"Name": …, "Regex": …}]`, as CreateTrainingJob's `MetricDefinitions` takes it. */
export function toJson(definitions) {
  if (!definitions.length) return '[]\n';
  const items = definitions.map((d) => `  {"Name": ${JSON.stringify(d.name)}, "Regex": ${JSON.stringify(d.regex)}}`);
  return `[\n${items.join(',\n')}\n]\n`;
}

/** A Python string literal with the same value as `text` (normal, escaped string). */
export function pyString(text) {
  let out = "'";
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else if (code >= 0xd800 && code <= 0xdfff) out += '\\u' + code.toString(16);
    else out += ch;
  }
  return out + "'";
}

/**
 * A regex as a Python literal: a raw string when one can hold it (no quote of its
 * kind, no control character, not ending in an odd number of backslashes),
 * otherwise a normal escaped string.
 */
export function pyRegex(text) {
  // eslint-disable-next-line no-control-regex
  const plain = !/[\x00-\x1f\x7f]/.test(text) && !/[\ud800-\udfff]/.test(text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
  const trailing = text.match(/\\*$/)[0].length;
  if (plain && trailing % 2 === 0) {
    if (!text.includes("'")) return `r'${text}'`;
    if (!text.includes('"')) return `r"${text}"`;
  }
  return pyString(text);
}

/** `metric_definitions=[…]` for an Estimator, plus the tuner's objective when there is one. */
export function toPython(definitions, objective) {
  const lines = ['metric_definitions=['];
  for (const d of definitions) {
    lines.push(`    {'Name': ${pyString(d.name)}, 'Regex': ${pyRegex(d.regex)}},`);
  }
  lines.push(']');
  if (objective) {
    lines.push('');
    lines.push('# For a HyperparameterTuner:');
    lines.push(`objective_metric_name=${pyString(objective.name)}`);
    lines.push(`objective_type=${pyString(objective.direction)}`);
  }
  return lines.join('\n') + '\n';
}
