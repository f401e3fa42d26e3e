// A cheap hash of a text, to sort texts into buckets before comparing them: equal texts always agree.

/** Characters of a text read for its fingerprint, spread over its length. */
const FINGERPRINT_SAMPLES = 16;

/** A hash of a text's length and some of its characters (never 0). */
export function textFingerprint(text: string): number {
  const length = text.length;
  let hash = Math.imul(length, 0x9e3779b1);
  const step = Math.max(1, Math.floor(length / FINGERPRINT_SAMPLES));
  for (let i = length - 1; i >= 0; i -= step) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0 || 1;
}
