// The least work any JSON field extractor written in JS does: one pass over a record's text, building nothing.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const SPACE = 0x20;

/** Index just after the string that opens at `open` (a quote), jumping from quote to quote with `indexOf`. */
function stringEnd(text: string, open: number): number {
  let quote = open;
  for (;;) {
    quote = text.indexOf('"', quote + 1);
    if (quote < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
  }
}

/**
 * Walks a JSON text token by token (strings skipped whole) and counts its keys: a lower bound for reading
 * selected fields out of the text without `JSON.parse`, since an extractor must at least find every key.
 */
export function countKeys(text: string): number {
  let keys = 0;
  for (let i = 0; i < text.length; ) {
    if (text.charCodeAt(i) !== QUOTE) {
      i++;
      continue;
    }
    i = stringEnd(text, i);
    while (text.charCodeAt(i) <= SPACE) i++;
    if (text.charCodeAt(i) === COLON) keys++;
  }
  return keys;
}
