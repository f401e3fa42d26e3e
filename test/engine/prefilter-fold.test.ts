// Case folding of the prefilter: every pair a case-insensitive regex (JS and RE2) equates folds to the same unit.
import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import { foldTable, foldText, SKIP } from '../../src/engine/prefilter/case-fold.js';

const units: number[] = [];
for (let u = 0; u < 0x10000; u++) if (u < 0xd800 || u >= 0xe000) units.push(u);
const everyUnit = String.fromCharCode(...units);

function classSource(batch: readonly number[]): string {
  return `[${batch.map((u) => `\\u{${u.toString(16)}}`).join('')}]`;
}

/** Units the engine matches case-insensitively with some unit of `batch` but that fold differently from all of them. */
function strayMatches(
  make: (source: string) => { [Symbol.match](s: string): RegExpMatchArray | null },
): string[] {
  const fold = foldTable();
  const stray: string[] = [];
  const batchSize = 512;
  for (let start = 0; start < units.length; start += batchSize) {
    const batch = units.slice(start, start + batchSize);
    const folds = new Set(batch.map((u) => fold[u]));
    for (const found of everyUnit.match(make(classSource(batch))) ?? []) {
      if (!folds.has(fold[found.charCodeAt(0)])) stray.push(found.charCodeAt(0).toString(16));
    }
  }
  return stray;
}

describe('prefilter case folding', () => {
  it('folds together everything a JS iu regex matches case-insensitively', () => {
    expect(strayMatches((source) => new RegExp(source, 'giu'))).toEqual([]);
  });

  it('folds together everything an RE2 iu regex matches case-insensitively', () => {
    expect(strayMatches((source) => new RE2(source, 'giu'))).toEqual([]);
  });

  it('folds a text like its lower case (what string matchers compare) and its one-unit upper case', () => {
    const bad = units.filter((u) => {
      const c = String.fromCharCode(u);
      const upper = c.toUpperCase();
      return (
        foldText(c) !== foldText(c.toLowerCase()) || (upper.length === 1 && foldText(c) !== foldText(upper))
      );
    });
    expect(bad.map((u) => u.toString(16))).toEqual([]);
  });

  it('keeps ASCII letters as lower case and ignores the dot that lower-casing İ adds', () => {
    expect(foldText('CMD.exe')).toBe('cmd.exe');
    expect(foldText('İ')).toBe('i');
    expect(foldTable()[0x307]).toBe(SKIP);
    expect(foldText('ſ')).toBe('s');
    expect(foldText('\u212a')).toBe('k');
    expect(foldText('ΣΑΣ')).toBe(foldText('σας'));
  });
});
