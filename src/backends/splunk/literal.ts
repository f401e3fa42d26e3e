// SPL literals and names: quoted strings, numbers, time spans, field names for search and for eval.
import { UnsupportedConstruct } from '../target.js';

/**
 * A double-quoted SPL string: `\` and `"` are escaped with a backslash, as the search and eval parsers
 * (and the regex command) expect. `*` cannot be escaped: in a search it is always a wildcard.
 */
export function splString(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

export function splNumber(value: number): string {
  if (!Number.isFinite(value)) throw new UnsupportedConstruct('number', `${value} has no SPL literal`);
  return String(value);
}

/** A field name usable as is in a search (`field=value`): a letter or `_`, then word characters or dots. */
export function searchField(field: string): string | undefined {
  return /^[A-Za-z_][\w.]*$/.test(field) ? field : undefined;
}

/** A field name in eval expressions (`where`): bare when a plain word, else single-quoted (`.` concatenates). */
export function evalField(field: string): string {
  return /^[A-Za-z_]\w*$/.test(field) ? field : `'${field.replace(/[\\']/g, '\\$&')}'`;
}

/** A field name in `stats … by` and similar argument lists: bare, or double-quoted. */
export function argumentField(field: string): string {
  return searchField(field) ?? splString(field);
}

/** `index=name`, quoted unless a plain name or pattern (wildcards stay wildcards either way). */
export function indexTerm(index: string): string {
  return `index=${/^[\w*.:-]+$/.test(index) ? index : splString(index)}`;
}
