// Sigma `|expand` placeholders (`%name%`, `\%` escapes) resolved from a user-supplied placeholder map.

/** Placeholder name → replacement values. */
export type Placeholders = ReadonlyMap<string, readonly string[]>;

interface Expansion {
  values: string[];
  unresolved: string[];
}

/** Replaces every `%name%` with each of its values (cartesian product); lists names with no values. */
export function expandPlaceholders(text: string, placeholders: Placeholders | undefined): Expansion {
  const segments: (string | { name: string })[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && text[i + 1] === '%') {
      literal += '%';
      i++;
    } else if (ch === '%') {
      const end = text.indexOf('%', i + 1);
      if (end < 0) {
        literal += text.slice(i);
        break;
      }
      if (literal) segments.push(literal);
      literal = '';
      segments.push({ name: text.slice(i + 1, end) });
      i = end;
    } else literal += ch;
  }
  if (literal) segments.push(literal);
  const unresolved = segments.flatMap((s) =>
    typeof s === 'string' || placeholders?.get(s.name)?.length ? [] : [s.name],
  );
  if (unresolved.length) return { values: [], unresolved };
  let values = [''];
  for (const segment of segments) {
    const options = typeof segment === 'string' ? [segment] : placeholders!.get(segment.name)!;
    values = values.flatMap((prefix) => options.map((option) => prefix + option));
  }
  return { values, unresolved: [] };
}
