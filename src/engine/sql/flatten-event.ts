// One event as a flat row of text: the dotted leaf paths the native engine reads, each value as its text.
import { type JsonObject, leaves } from '../event-view.js';
import { valueText } from '../match-value.js';

function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return valueText(value) ?? JSON.stringify(value);
}

/**
 * Column name → text, JSON null as null. Nested objects become dotted names (`process.parent.name`), Windows
 * `#text` elements their text. A path holding one value (also a one-element array) gets that value's text; a
 * path holding several (an array) gets their JSON array text, which SQL cannot match element by element.
 */
export function flattenEvent(event: JsonObject): Map<string, string | null> {
  const values = new Map<string, unknown[]>();
  for (const [path, value] of leaves(event)) {
    if (!path) continue;
    const list = values.get(path);
    if (list) list.push(value);
    else values.set(path, [value]);
  }
  const row = new Map<string, string | null>();
  for (const [path, list] of values) {
    row.set(path, list.length === 1 ? textOf(list[0]) : JSON.stringify(list.map(textOf)));
  }
  return row;
}
