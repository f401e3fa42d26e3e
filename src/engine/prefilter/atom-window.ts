// Shortens long atoms to a window of bounded length, keeping the automaton small: any part of a needed literal is needed.

/**
 * For each text longer than `max`, the window of `max` characters that the fewest of the given texts contain
 * (the last such window on ties: file names and hash tails tell rules apart better than common prefixes).
 */
export function narrowAtoms(texts: readonly string[], max: number): Map<string, string> {
  const long = [...new Set(texts)].filter((t) => t.length > max);
  const frequency = new Map<string, number>();
  for (const text of long) {
    const seen = new Set<string>();
    for (let i = 0; i + max <= text.length; i++) seen.add(text.slice(i, i + max));
    for (const window of seen) frequency.set(window, (frequency.get(window) ?? 0) + 1);
  }
  const chosen = new Map<string, string>();
  for (const text of long) {
    let best = '';
    let bestCount = Number.POSITIVE_INFINITY;
    for (let i = 0; i + max <= text.length; i++) {
      const window = text.slice(i, i + max);
      const count = frequency.get(window)!;
      if (count <= bestCount) {
        best = window;
        bestCount = count;
      }
    }
    chosen.set(text, best);
  }
  return chosen;
}
