// A bounded memo of per-value results: log fields repeat the same values (images, parents, paths), so a test of a
// value is worked out once; it switches itself off where values rarely repeat.

/** Longer texts are not remembered (they rarely repeat and would hold memory). */
const MAX_TEXT = 1024;
/** Look-ups between checks of the hit rate; below MIN_HIT_RATE the memo stops until `RETRY` more look-ups. */
const WINDOW = 4096;
const MIN_HIT_RATE = 0.25;
const RETRY = 1 << 16;

export class ValueMemo<T> {
  private readonly entries = new Map<string, T>();
  private lookups = 0;
  private hits = 0;
  /** Look-ups left to pass by while the memo is off. */
  private resting = 0;

  /** `capacity`: most entries kept; the memo starts afresh when full. */
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
      }
      this.lookups = 0;
      this.hits = 0;
    }
    return found;
  }

  /** Remembers the result for the text (after a `get` that found nothing). */
  set(text: string, result: T): void {
    if (this.resting > 0 || text.length > MAX_TEXT) return;
    if (this.entries.size >= this.capacity) this.entries.clear();
    this.entries.set(text, result);
  }
}
