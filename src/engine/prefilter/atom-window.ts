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

/** Per window hash, how many texts contain it: an open-addressing table (a Map of numbers costs far more here). */
class WindowCounts {
  private readonly keys: Uint32Array;
  private readonly counts: Uint32Array;
  /** Text that last counted each slot (plus one; 0: free), so a text counts a window once. */
  private readonly lastText: Uint32Array;
  private readonly mask: number;

  constructor(windows: number) {
    const size = 1 << Math.ceil(Math.log2(windows * 2 + 2));
    this.keys = new Uint32Array(size);
    this.counts = new Uint32Array(size);
    this.lastText = new Uint32Array(size);
    this.mask = size - 1;
  }

  private slot(hash: number): number {
    let slot = Math.imul(hash, 0x9e3779b1) & this.mask;
    while (this.lastText[slot] !== 0 && this.keys[slot] !== hash) slot = (slot + 1) & this.mask;
    return slot;
  }

  /** Counts the window for text number `text`, unless that text counted it already. */
  add(hash: number, text: number): void {
    const slot = this.slot(hash);
    if (this.lastText[slot] === text + 1) return;
    this.keys[slot] = hash;
    this.lastText[slot] = text + 1;
    this.counts[slot]!++;
  }

  count(hash: number): number {
    return this.counts[this.slot(hash)]!;
  }
}

/**
 * For each text longer than `max`, the window of `max` characters that the fewest of the given texts contain
 * (the last such window on ties: file names and hash tails tell rules apart better than common prefixes).
 * Windows are counted by hash; a collision only makes a window look more common than it is.
 */
export function narrowAtoms(texts: readonly string[], max: number): Map<string, string> {
  const long = [...new Set(texts)].filter((t) => t.length > max);
  const hashes = long.map((text) => windowHashes(text, max));
  const counts = new WindowCounts(hashes.reduce((sum, windows) => sum + windows.length, 0));
  hashes.forEach((windows, text) => {
    for (let i = 0; i < windows.length; i++) counts.add(windows[i]!, text);
  });
  const chosen = new Map<string, string>();
  long.forEach((text, t) => {
    const windows = hashes[t]!;
    let best = 0;
    let bestCount = Number.POSITIVE_INFINITY;
    for (let i = 0; i < windows.length; i++) {
      const count = counts.count(windows[i]!);
      if (count <= bestCount) {
        best = i;
        bestCount = count;
      }
    }
    chosen.set(text, text.slice(best, best + max));
  });
  return chosen;
}
