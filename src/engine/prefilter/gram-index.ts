// Many long patterns found by their first four classes: a bit per hash of each window of text, then its bucket's
// patterns compared. Unlike a large automaton, whose tables fall out of the CPU caches between events, what a scan
// reads for most characters (the bits) stays in them.
import { type HitSink, type Pattern, SKIP_CLASS } from './aho-corasick.js';

/** Classes of the window hashed: patterns of this length or more can be indexed. */
export const GRAM = 4;
/** A class fits in 7 bits (at most MAX_CLASSES of them): a window's key is its classes side by side. */
const CLASS_BITS = 7;
const KEY_MASK = (1 << (GRAM * CLASS_BITS)) - 1;
/** Buckets per pattern (as a power of two, at most MAX_BITS): few windows of text fall in a bucket with a pattern. */
const BUCKETS_PER_PATTERN_BITS = 3;
const MIN_BITS = 6;
const MAX_BITS = 16;

/** A gram index as typed arrays and numbers only, so one thread can build it and others use it. */
export interface GramTables {
  /** log2 of the number of buckets. */
  bits: number;
  /** One bit per bucket: whether some pattern starts with a window of that hash. */
  filter: Uint8Array;
  /** The patterns in bucket order: bucket b has patterns bucketStart[b] .. bucketStart[b + 1] - 1. */
  bucketStart: Uint32Array;
  /** Key of pattern p's first window (compared before the rest of its classes). */
  keys: Uint32Array;
  /** Classes of pattern p after its first window: patternClasses[patternStart[p] .. patternStart[p + 1]). */
  patternStart: Uint32Array;
  patternClasses: Uint8Array;
  /** Payloads of pattern p: payloads[payloadStart[p] .. payloadStart[p + 1]). */
  payloadStart: Uint32Array;
  payloads: Int32Array;
}

/** Bucket of a window's key (the same multiply-shift hash as native/src/gram-index.h). */
export function gramBucket(key: number, bits: number): number {
  return Math.imul(key, 0x9e3779b1) >>> (32 - bits);
}

function keyOf(classes: ArrayLike<number>, start: number): number {
  let key = 0;
  for (let i = start; i < start + GRAM; i++) key = ((key << CLASS_BITS) | classes[i]!) & KEY_MASK;
  return key;
}

/** The index of patterns of at least GRAM classes each. */
export function buildGramIndex(patterns: readonly Pattern[]): GramTables {
  const bits = Math.min(
    MAX_BITS,
    Math.max(MIN_BITS, Math.ceil(Math.log2(Math.max(1, patterns.length))) + BUCKETS_PER_PATTERN_BITS),
  );
  const buckets = 1 << bits;
  const keyed = patterns.map((pattern) => {
    if (pattern.classes.length < GRAM)
      throw new Error(`gram index: a pattern of ${pattern.classes.length} classes`);
    const key = keyOf(pattern.classes, 0);
    return { pattern, key, bucket: gramBucket(key, bits) };
  });
  keyed.sort((a, b) => a.bucket - b.bucket);
  const filter = new Uint8Array(buckets >> 3);
  const bucketStart = new Uint32Array(buckets + 1);
  for (const { bucket } of keyed) {
    filter[bucket >> 3]! |= 1 << (bucket & 7);
    bucketStart[bucket + 1]!++;
  }
  for (let b = 0; b < buckets; b++) bucketStart[b + 1]! += bucketStart[b]!;
  const patternStart = new Uint32Array(keyed.length + 1);
  const payloadStart = new Uint32Array(keyed.length + 1);
  keyed.forEach(({ pattern }, p) => {
    patternStart[p + 1] = patternStart[p]! + pattern.classes.length - GRAM;
    payloadStart[p + 1] = payloadStart[p]! + pattern.payloads.length;
  });
  const patternClasses = new Uint8Array(patternStart[keyed.length]!);
  const payloads = new Int32Array(payloadStart[keyed.length]!);
  keyed.forEach(({ pattern }, p) => {
    for (let i = GRAM; i < pattern.classes.length; i++)
      patternClasses[patternStart[p]! + i - GRAM] = pattern.classes[i]!;
    payloads.set(pattern.payloads, payloadStart[p]!);
  });
  return {
    bits,
    filter,
    bucketStart,
    keys: Uint32Array.from(keyed, ({ key }) => key),
    patternStart,
    patternClasses,
    payloadStart,
    payloads,
  };
}

/** The classes of a text with ignored characters left out, reused by every scan of this thread. */
let textClasses = new Uint8Array(1024);

/** Scans texts with a gram index: the same patterns found as an automaton of them finds (see `AhoCorasick`). */
export class GramIndex {
  constructor(private readonly tables: GramTables) {}

  /** Reports the payloads of every pattern in the text; a code unit's class is `classes[symbols[unit]]`. */
  scan(text: string, symbols: Uint16Array, classes: Uint8Array, sink: HitSink): void {
    if (textClasses.length < text.length) textClasses = new Uint8Array(text.length * 2);
    const units = textClasses;
    let length = 0;
    for (let i = 0; i < text.length; i++) {
      const cls = classes[symbols[text.charCodeAt(i)]!]!;
      if (cls !== SKIP_CLASS) units[length++] = cls;
    }
    const { bits, filter } = this.tables;
    let key = 0;
    for (let i = 0; i < length; i++) {
      key = ((key << CLASS_BITS) | units[i]!) & KEY_MASK;
      if (i + 1 < GRAM) continue;
      const bucket = gramBucket(key, bits);
      if (filter[bucket >> 3]! & (1 << (bucket & 7))) this.compare(units, length, i + 1, key, bucket, sink);
    }
  }

  /** Reports the patterns of the bucket whose first window (of key `key`) ends before `after` and that go on there. */
  private compare(
    units: Uint8Array,
    length: number,
    after: number,
    key: number,
    bucket: number,
    sink: HitSink,
  ) {
    const { bucketStart, keys, patternStart, patternClasses, payloadStart, payloads } = this.tables;
    for (let pattern = bucketStart[bucket]!; pattern < bucketStart[bucket + 1]!; pattern++) {
      if (keys[pattern] !== key) continue;
      const from = patternStart[pattern]!;
      const rest = patternStart[pattern + 1]! - from;
      if (after + rest > length) continue;
      let k = 0;
      while (k < rest && units[after + k] === patternClasses[from + k]) k++;
      if (k < rest) continue;
      for (let i = payloadStart[pattern]!; i < payloadStart[pattern + 1]!; i++) sink.hit(payloads[i]!);
    }
  }
}
