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
  it('starts afresh when full and never keeps overlong texts', () => {
    const memo = new ValueMemo<number>(4);
    const texts = ['a', 'b', 'c', 'd', 'e'];
    for (const text of texts) memo.set(text, text.charCodeAt(0));
    for (const text of texts) memo.set(text, text.charCodeAt(0));
    expect(texts.map((text) => memo.get(text))).toEqual([undefined, undefined, undefined, undefined, 101]);
    const long = 'x'.repeat(2000);
    memo.set(long, 1);
    memo.set(long, 1);
    expect(memo.get(long)).toBeUndefined();
  });
  it('switches itself off while texts rarely repeat', () => {
    const memo = new ValueMemo<number>(64);
    memo.set('kept', 7);
    memo.set('kept', 7);
    for (let i = 0; i < 4096; i++) memo.get(`unique ${i}`);
    expect(memo.get('kept')).toBeUndefined();
  });
});
