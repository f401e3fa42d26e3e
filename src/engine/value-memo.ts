// A bounded memo of per-value results: log fields repeat the same values (images, parents, paths), so a test of a
// value is worked out once; it switches itself off where values rarely repeat.
import { textFingerprint } from '../util/text-fingerprint.js';

/** Longer texts are not remembered (they rarely repeat and would hold memory). */
const MAX_TEXT = 1024;
/** Look-ups between checks of the hit rate; below MIN_HIT_RATE the memo stops until `RETRY` more look-ups. */
const WINDOW = 4096;
const MIN_HIT_RATE = 0.25;
const RETRY = 1 << 16;
/** A full memo takes no new texts; below this hit rate it starts afresh, to follow values that change. */
const REFRESH_HIT_RATE = 0.5;

export class ValueMemo<T> {
  private readonly entries = new Map<string, T>();
  /**
   * Fingerprints of texts seen once, by slot. A text is remembered on its second sighting: texts that occur once
   * (most misses) then never outlive their event, which would move them to the old generation, where they stay as
   * garbage until a full collection (the memory of long hunts grew with them). For the same reason a full memo
   * keeps its texts rather than replacing them, unless its hit rate falls. Made on the first `set`: most memos of a
   * rule set never see a value.
   */
  private seen: Uint32Array | undefined;
  private lookups = 0;
  private hits = 0;
  /** Look-ups left to pass by while the memo is off. */
  private resting = 0;

  /** `capacity`: most entries kept. */
  constructor(private readonly capacity: number) {}

  /** The remembered result for the text, or undefined (also when the memo is off or the text too long). */
  get(text: string): T | undefined {
    if (this.resting > 0) {
      this.resting--;
      return undefined;
    }
    if (text.length > MAX_TEXT) return undefined;
    const found = this.entries.get(text);
    if (found !== undefined) this.hits++;
    if (++this.lookups === WINDOW) {
      if (this.hits < WINDOW * MIN_HIT_RATE) {
        this.resting = RETRY;
        this.entries.clear();
      } else if (this.hits < WINDOW * REFRESH_HIT_RATE && this.entries.size >= this.capacity)
        this.entries.clear();
      this.lookups = 0;
      this.hits = 0;
    }
    return found;
  }

  /** Remembers the result for the text (after a `get` that found nothing), if the text was seen before. */
  set(text: string, result: T): void {
    if (this.resting > 0 || text.length > MAX_TEXT) return;
    this.seen ??= new Uint32Array(1 << Math.ceil(Math.log2(this.capacity * 2)));
    const print = textFingerprint(text);
    const slot = print & (this.seen.length - 1);
    if (this.seen[slot] !== print) {
      this.seen[slot] = print;
      return;
    }
    if (this.entries.size < this.capacity) this.entries.set(text, result);
  }
}
