// Test helper: parses text holding JSON objects or arrays written back to back (e.g. several pretty-printed objects).

/** Each top-level JSON object/array of `text`, in order; throws on stray characters or an unterminated value. */
export function parseConcatenatedJson(text: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth < 0) throw new Error(`unbalanced "${c}" at offset ${i}`);
      if (depth === 0) values.push(JSON.parse(text.slice(start, i + 1)));
    } else if (depth === 0) {
      if (!/\s/.test(c)) throw new Error(`unexpected "${c}" at offset ${i} between JSON values`);
    } else if (c === '"') inString = true;
  }
  if (depth !== 0) throw new Error('text ends inside a JSON value');
  return values;
}
