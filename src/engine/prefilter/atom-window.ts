// Shortens long atoms to a window of bounded length, keeping the automaton small: any part of a needed literal is needed.

/** A hash of text[start, start + length), for counting windows without building their strings. */
function windowHash(text: string, start: number, length: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < start + length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * For each text longer than `max`, the window of `max` characters that the fewest of the given texts contain
 * (the last such window on ties: file names and hash tails tell rules apart better than common prefixes).
 * Windows are counted by hash; a collision only makes a window look more common than it is.
 */
export function narrowAtoms(texts: readonly string[], max: number): Map<string, string> {
  const long = [...new Set(texts)].filter((t) => t.length > max);
  const frequency = new Map<number, number>();
  const seen = new Set<number>();
  for (const text of long) {
    seen.clear();
    for (let i = 0; i + max <= text.length; i++) seen.add(windowHash(text, i, max));
    for (const hash of seen) frequency.set(hash, (frequency.get(hash) ?? 0) + 1);
  }
  const chosen = new Map<string, string>();
  for (const text of long) {
    let best = 0;
    let bestCount = Number.POSITIVE_INFINITY;
    for (let i = 0; i + max <= text.length; i++) {
      const count = frequency.get(windowHash(text, i, max))!;
      if (count <= bestCount) {
        best = i;
        bestCount = count;
      }
    }
    chosen.set(text, text.slice(best, best + max));
  }
  return chosen;
}
