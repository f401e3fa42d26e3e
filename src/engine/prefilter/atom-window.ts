// Shortens long atoms to a window of bounded length, keeping the automaton small: any part of a needed literal is needed.

const BASE = 0x01000193;

/** Hashes of every window of `length` characters of the text, by a rolling polynomial hash. */
function windowHashes(text: string, length: number): Uint32Array {
  const out = new Uint32Array(text.length - length + 1);
  let top = 1;
  for (let i = 1; i < length; i++) top = Math.imul(top, BASE);
  let hash = 0;
  for (let i = 0; i < text.length; i++) {
    if (i >= length) hash = (hash - Math.imul(text.charCodeAt(i - length), top)) | 0;
    hash = (Math.imul(hash, BASE) + text.charCodeAt(i)) | 0;
    if (i >= length - 1) out[i - length + 1] = hash >>> 0;
  }
  return out;
}

/**
 * For each text longer than `max`, the window of `max` characters that the fewest of the given texts contain
 * (the last such window on ties: file names and hash tails tell rules apart better than common prefixes).
 * Windows are counted by hash; a collision only makes a window look more common than it is.
 */
export function narrowAtoms(texts: readonly string[], max: number): Map<string, string> {
  const long = [...new Set(texts)].filter((t) => t.length > max);
  const hashes = long.map((text) => windowHashes(text, max));
  const frequency = new Map<number, number>();
  const seen = new Set<number>();
  for (const windows of hashes) {
    seen.clear();
    for (const hash of windows) seen.add(hash);
    for (const hash of seen) frequency.set(hash, (frequency.get(hash) ?? 0) + 1);
  }
  const chosen = new Map<string, string>();
  long.forEach((text, t) => {
    const windows = hashes[t]!;
    let best = 0;
    let bestCount = Number.POSITIVE_INFINITY;
    windows.forEach((hash, i) => {
      const count = frequency.get(hash)!;
      if (count <= bestCount) {
        best = i;
        bestCount = count;
      }
    });
    chosen.set(text, text.slice(best, best + max));
  });
  return chosen;
}
