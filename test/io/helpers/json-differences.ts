// Test helper: lists where two JSON values differ, as `path: expected …, got …` lines.

/** Paths (like `Event.System.EventID`) at which `actual` differs from `expected`, with both values. */
export function jsonDifferences(actual: unknown, expected: unknown, path = '$'): string[] {
  if (isObject(actual) && isObject(expected)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...keys].flatMap((key) =>
      Object.hasOwn(actual, key)
        ? Object.hasOwn(expected, key)
          ? jsonDifferences(actual[key], expected[key], `${path}.${key}`)
          : [`${path}.${key}: unexpected, got ${show(actual[key])}`]
        : [`${path}.${key}: missing, expected ${show(expected[key])}`],
    );
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    const length = Math.max(actual.length, expected.length);
    return Array.from({ length }, (_, i) => jsonDifferences(actual[i], expected[i], `${path}[${i}]`)).flat();
  }
  return Object.is(actual, expected) ? [] : [`${path}: expected ${show(expected)}, got ${show(actual)}`];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
