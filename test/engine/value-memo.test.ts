// The per-value memo: what it remembers, when it forgets, and when it switches itself off.
import { describe, expect, it } from 'vitest';
import { ValueMemo } from '../../src/engine/value-memo.js';

describe('ValueMemo', () => {
  it('remembers a text from its second sighting on', () => {
    const memo = new ValueMemo<number>(8);
    expect(memo.get('cmd.exe /c whoami')).toBeUndefined();
    memo.set('cmd.exe /c whoami', 1);
    expect(memo.get('cmd.exe /c whoami')).toBeUndefined();
    memo.set('cmd.exe /c whoami', 1);
    expect(memo.get('cmd.exe /c whoami')).toBe(1);
    expect(memo.get('cmd.exe /c whoamI')).toBeUndefined();
  });
  it('keeps its texts when full, and never takes overlong texts', () => {
    const memo = new ValueMemo<number>(4);
    const texts = ['a', 'b', 'c', 'd', 'e'];
    for (const text of texts) memo.set(text, text.charCodeAt(0));
    for (const text of texts) memo.set(text, text.charCodeAt(0));
    expect(texts.map((text) => memo.get(text))).toEqual([97, 98, 99, 100, undefined]);
    const long = 'x'.repeat(2000);
    memo.set(long, 1);
    memo.set(long, 1);
    expect(memo.get(long)).toBeUndefined();
  });
  it('starts afresh when full and its hit rate falls, and takes new texts again', () => {
    const memo = new ValueMemo<number>(2);
    for (const text of ['a', 'b', 'a', 'b']) memo.set(text, 1);
    for (let i = 0; i < 4095; i++) memo.get(i % 3 === 0 ? 'a' : `new ${i}`);
    expect(memo.get('a')).toBe(1);
    expect(memo.get('a')).toBeUndefined();
    memo.set('c', 3);
    memo.set('c', 3);
    expect(memo.get('c')).toBe(3);
  });
  it('switches itself off while texts rarely repeat', () => {
    const memo = new ValueMemo<number>(64);
    memo.set('kept', 7);
    memo.set('kept', 7);
    for (let i = 0; i < 4096; i++) memo.get(`unique ${i}`);
    expect(memo.get('kept')).toBeUndefined();
  });

  it('never confuses texts with the same fingerprint, and keeps every text up to its capacity', () => {
    const memo = new ValueMemo<number>(100);
    // Equal length, differing only in a character the fingerprint does not sample.
    const a = `x${'a'.repeat(998)}y`;
    const b = `x${'b'}${'a'.repeat(997)}y`;
    const texts = [a, b, ...Array.from({ length: 60 }, (_, i) => `C:\\Windows\\System32\\tool${i}.exe`)];
    texts.forEach((text, i) => {
      memo.set(text, i);
      memo.set(text, i);
    });
    expect(texts.map((text) => memo.get(text))).toEqual(texts.map((_, i) => i));
    expect(memo.get(`x${'c'}${'a'.repeat(997)}y`)).toBeUndefined();
  });
});
