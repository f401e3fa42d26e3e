// EVTX value rendering edge cases: float layout, FILETIME/SYSTEMTIME limits, short SIDs, trimmed UTF-16 text.
import { describe, expect, it } from 'vitest';
import { EvtxFormatError } from '../../src/io/evtx/format-error.js';
import { utf16Text } from '../../src/io/evtx/utf16-text.js';
import { filetimeText, floatText, sidText, systemtimeText } from '../../src/io/evtx/value-text.js';

describe('floatText', () => {
  it.each([
    [0.1, false, '0.1'],
    [100, false, '100.0'],
    [1234.5, false, '1234.5'],
    [1e15, false, '1000000000000000.0'],
    [1e16, false, '1e16'],
    [1.5e300, false, '1.5e300'],
    [0.0001, false, '0.0001'],
    [0.00001, false, '0.00001'],
    [0.000001, false, '1e-6'],
    [1.25e-7, false, '1.25e-7'],
    [-2.5, false, '-2.5'],
    [-0, false, '-0.0'],
    [0, false, '0.0'],
    [Number.NaN, false, 'NaN'],
    [Number.POSITIVE_INFINITY, false, 'inf'],
    [Number.NEGATIVE_INFINITY, false, '-inf'],
    [Math.fround(0.1), true, '0.1'],
    [Math.fround(3.4e38), true, '3.4e38'],
    [Math.fround(0.000001), true, '0.000001'],
    [Math.fround(1e13), true, '1e13'],
  ])('%s (single: %s) is written %s', (value, single, text) => {
    expect(floatText(value, single)).toBe(text);
  });
});

describe('times', () => {
  it('renders FILETIME 0 as its epoch and truncates to microseconds', () => {
    expect(filetimeText(0n)).toBe('1601-01-01T00:00:00.000000Z');
    expect(filetimeText(116_444_736_000_000_019n)).toBe('1970-01-01T00:00:00.000001Z');
  });

  it('rejects an impossible SYSTEMTIME', () => {
    const bytes = Buffer.alloc(16);
    [2023, 2, 0, 30].forEach((field, i) => {
      bytes.writeUInt16LE(field, 2 * i);
    });
    expect(() => systemtimeText(bytes, 0)).toThrow(EvtxFormatError);
    expect(() => systemtimeText(bytes, 0)).toThrow('invalid SYSTEMTIME 2023-2-30 0:0:0.0 at offset 0');
  });
});

describe('SIDs and strings', () => {
  it('renders a SID too short to hold its header as S-?', () => {
    expect(sidText(Buffer.from([1, 1, 0, 0]), 0, 4)).toBe('S-?');
  });

  it('stops a sub-authority list at the end of the value', () => {
    const bytes = Buffer.from([1, 3, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0]);
    expect(sidText(bytes, 0, bytes.length)).toBe('S-1-5-32');
  });

  it('cuts UTF-16 text at the first NUL and trims trailing white space only', () => {
    const bytes = Buffer.from('  a b \t\u3000\0rest', 'utf16le');
    expect(utf16Text(bytes, 0, bytes.length)).toBe('  a b');
  });
});
