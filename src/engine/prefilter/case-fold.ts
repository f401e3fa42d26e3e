// Case folding for the prefilter: one code unit → one representative, so case variants scan as the same symbol.

/** Marks code units that the prefilter ignores (the combining dot that `'İ'.toLowerCase()` adds). */
export const SKIP = -1;

const UNITS = 0x10000;
/** All surrogates fold to one symbol: astral characters then compare by length only, never too strictly. */
const SURROGATE = 0xd800;

/** Pairs that Unicode simple case folding (RE2 and JS `iu` regexes) joins but toLowerCase/toUpperCase do not. */
const EXTRA_FOLD_PAIRS: readonly [number, number][] = [
  [0x0390, 0x1fd3],
  [0x03b0, 0x1fe3],
];

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit < 0xe000;
}

function buildFoldTable(): Int32Array {
  const parent = Int32Array.from({ length: UNITS }, (_, i) => i);
  const find = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]!]!;
    return a;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const multiUnitLower: number[] = [];
  for (let unit = 0; unit < UNITS; unit++) {
    if (isSurrogate(unit)) continue;
    const text = String.fromCharCode(unit);
    const lower = text.toLowerCase();
    const upper = text.toUpperCase();
    if (lower.length === 1) union(unit, lower.charCodeAt(0));
    else multiUnitLower.push(unit);
    if (upper.length === 1) union(unit, upper.charCodeAt(0));
  }
  for (const [a, b] of EXTRA_FOLD_PAIRS) union(a, b);
  // Each class is represented by its smallest member that is its own lower case, so ASCII letters fold to a-z.
  const representative = new Int32Array(UNITS).fill(-1);
  for (let unit = 0; unit < UNITS; unit++) {
    if (isSurrogate(unit)) continue;
    const root = find(unit);
    const text = String.fromCharCode(unit);
    if (representative[root] === -1 && text.toLowerCase() === text) representative[root] = unit;
  }
  const fold = new Int32Array(UNITS);
  for (let unit = 0; unit < UNITS; unit++) {
    if (isSurrogate(unit)) fold[unit] = SURROGATE;
    else {
      const root = find(unit);
      fold[unit] = representative[root]! >= 0 ? representative[root]! : root;
    }
  }
  // A lower case of several units (U+0130 → i + U+0307): the character folds like its first unit, the rest is ignored.
  for (const unit of multiUnitLower) {
    const lower = String.fromCharCode(unit).toLowerCase();
    fold[unit] = fold[lower.charCodeAt(0)]!;
    for (let i = 1; i < lower.length; i++) fold[lower.charCodeAt(i)] = SKIP;
  }
  return fold;
}

let table: Int32Array | undefined;

/** Code units passed to one `String.fromCharCode` call (a spread of a long literal would overflow the stack). */
const CHUNK = 4096;

/** Code unit → representative code unit (or SKIP); equal for any two units a case-insensitive match may pair. */
export function foldTable(): Int32Array {
  table ??= buildFoldTable();
  return table;
}

/** The folded form of a literal: representatives of its code units, ignored units dropped. */
export function foldText(text: string): string {
  const fold = foldTable();
  let same = 0;
  while (same < text.length && fold[text.charCodeAt(same)] === text.charCodeAt(same)) same++;
  if (same === text.length) return text; // most literals: no fresh string to build and hash
  const units: number[] = [];
  for (let i = same; i < text.length; i++) {
    const unit = fold[text.charCodeAt(i)]!;
    if (unit !== SKIP) units.push(unit);
  }
  let out = text.slice(0, same);
  for (let i = 0; i < units.length; i += CHUNK) out += String.fromCharCode(...units.slice(i, i + CHUNK));
  return out;
}
