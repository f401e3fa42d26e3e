// Renders binary value types as evtx_dump writes them: GUIDs, SIDs, FILETIME/SYSTEMTIME, hex integers, floats.
import { EvtxFormatError } from './format-error.js';

const GUID_BYTE_ORDER = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];
const FILETIME_TICKS_PER_MICROSECOND = 10n;
const FILETIME_UNIX_EPOCH_MICROSECONDS = 11_644_473_600_000_000n;

const UPPER_HEX_BYTES = Array.from({ length: 256 }, (_, byte) =>
  byte.toString(16).padStart(2, '0').toUpperCase(),
);

/** A little-endian GUID as upper-case `XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX`, without braces. */
export function guidText(bytes: Buffer, at: number): string {
  let text = '';
  for (const index of GUID_BYTE_ORDER) text += index < 0 ? '-' : UPPER_HEX_BYTES[bytes[at + index]!];
  return text;
}

/** A security identifier `S-R-A-S1-…` from bytes[start, end); `S-?` when too short to hold one. */
export function sidText(bytes: Buffer, start: number, end: number): string {
  if (end - start < 8) return 'S-?';
  const subAuthorityCount = bytes[start + 1]!;
  let text = `S-${bytes[start]}-${bytes.readUIntBE(start + 2, 6)}`;
  for (let i = 0, at = start + 8; i < subAuthorityCount && at + 4 <= end; i++, at += 4) {
    text += `-${bytes.readUInt32LE(at)}`;
  }
  return text;
}

/** Byte length of the SID starting at `start`, from its sub-authority count. */
export function sidLength(bytes: Buffer, start: number): number {
  return 8 + 4 * bytes[start + 1]!;
}

/** A FILETIME (100 ns ticks since 1601) as `YYYY-MM-DDTHH:MM:SS.ffffffZ`, truncated to microseconds. */
export function filetimeText(ticks: bigint): string {
  const unixMicroseconds = ticks / FILETIME_TICKS_PER_MICROSECOND - FILETIME_UNIX_EPOCH_MICROSECONDS;
  const micros = Number(((unixMicroseconds % 1_000_000n) + 1_000_000n) % 1_000_000n);
  const seconds = Number((unixMicroseconds - BigInt(micros)) / 1_000_000n);
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}Z`;
}

/** A SYSTEMTIME (eight little-endian 16-bit fields) in the same form; all-zero means the FILETIME epoch. */
export function systemtimeText(bytes: Buffer, at: number): string {
  const [year, month, , day, hour, minute, second, millisecond] = Array.from({ length: 8 }, (_, i) =>
    bytes.readUInt16LE(at + 2 * i),
  ) as [number, number, number, number, number, number, number, number];
  if (year + month + day + hour + minute + second + millisecond === 0) return '1601-01-01T00:00:00.000000Z';
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second);
  const valid =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    millisecond < 1000;
  if (!valid) {
    throw new EvtxFormatError(
      `invalid SYSTEMTIME ${year}-${month}-${day} ${hour}:${minute}:${second}.${millisecond} at offset ${at}`,
    );
  }
  return `${date.toISOString().slice(0, 19)}.${String(millisecond).padStart(3, '0')}000Z`;
}

/** An unsigned integer as `0x` and lower-case hex digits without padding. */
export function hexText(value: number | bigint): string {
  return `0x${value.toString(16)}`;
}

/** Bytes as upper-case hex digits, two per byte. */
export function binaryText(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('hex', start, end).toUpperCase();
}

/**
 * A float in shortest round-trip form laid out like Rust's float formatting in evtx_dump: plain decimals with a
 * `.0` for whole numbers within the precision, scientific `1.5e-7` / `1e30` outside it, `NaN`, `inf`, `-inf`.
 */
export function floatText(value: number, single: boolean): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  if (value === 0) return `${sign}0.0`;
  const [mantissa = '', exponentText = '0'] = shortestExponential(Math.abs(value), single).split('e');
  const digits = mantissa.replace('.', '');
  const pointAt = Number(exponentText) + 1;
  const maxPlain = single ? 13 : 16;
  const minPlain = single ? -6 : -5;
  if (pointAt >= digits.length && pointAt <= maxPlain) return `${sign}${digits.padEnd(pointAt, '0')}.0`;
  if (pointAt > 0 && pointAt <= maxPlain)
    return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
  if (pointAt > minPlain && pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
  const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
  return `${sign}${digits[0]}${fraction}e${pointAt - 1}`;
}

function shortestExponential(value: number, single: boolean): string {
  if (!single) return value.toExponential();
  for (let precision = 0; precision < 9; precision++) {
    const text = value.toExponential(precision);
    if (Math.fround(Number(text)) === value) return text;
  }
  return value.toExponential(8);
}
