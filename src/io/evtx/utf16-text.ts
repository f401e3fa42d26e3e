// UTF-16LE strings as evtx_dump reads them: cut at the first NUL, trailing white space removed.

/** Rust's `char::is_whitespace` (Unicode White_Space), anchored at the end of the string. */
const TRAILING_WHITE_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/;

/** The string stored as UTF-16LE in bytes[start, end) (an odd last byte is ignored). */
export function utf16Text(bytes: Buffer, start: number, end: number): string {
  const raw = bytes.toString('utf16le', start, start + ((end - start) & ~1));
  const nul = raw.indexOf('\0');
  return (nul === -1 ? raw : raw.slice(0, nul)).replace(TRAILING_WHITE_SPACE, '');
}
