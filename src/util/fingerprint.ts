// A cheap hash of JSON-like data, to bucket values before an exact comparison: equal values always share it.

/** Kept to 30 bits, so that hashes stay small integers V8 does not allocate. */
function mix(hash: number, value: number): number {
  return Math.imul(hash ^ value, 0x01000193) & 0x3fffffff;
}

/**
 * A number equal for equal values (as `JSON.stringify` sees them: same keys in the same order), and rarely for
 * others: strings count by their length and three of their characters, so it costs far less than their JSON.
 */
export function fingerprint(value: unknown, hash = 0x011c9dc5): number {
  switch (typeof value) {
    case 'string': {
      const n = value.length;
      if (n === 0) return mix(hash, 1);
      return mix(
        mix(mix(mix(hash, n), value.charCodeAt(0)), value.charCodeAt(n >> 1)),
        value.charCodeAt(n - 1),
      );
    }
    case 'number':
      return mix(hash, value | 0);
    case 'boolean':
      return mix(hash, value ? 2 : 3);
    case 'object': {
      if (value === null) return mix(hash, 4);
      if (Array.isArray(value)) {
        let h = mix(hash, value.length);
        for (const item of value) h = fingerprint(item, h);
        return h;
      }
      let h = mix(hash, 5);
      for (const key in value) h = fingerprint((value as Record<string, unknown>)[key], fingerprint(key, h));
      return h;
    }
    default:
      return mix(hash, 6);
  }
}
