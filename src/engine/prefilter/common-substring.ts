// The longest text that every one of several strings contains.

/** Longest common substring of the texts ('' when there is none); the texts are short literals. */
export function longestCommonSubstring(texts: readonly string[]): string {
  if (!texts.length) return '';
  const shortest = texts.reduce((a, b) => (b.length < a.length ? b : a));
  for (let length = shortest.length; length > 0; length--) {
    for (let start = 0; start + length <= shortest.length; start++) {
      const candidate = shortest.slice(start, start + length);
      if (texts.every((t) => t.includes(candidate))) return candidate;
    }
  }
  return '';
}
