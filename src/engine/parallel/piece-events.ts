// Turns a piece of bytes into the events `readEvents` would read from it: each line decoded and parsed on its own.

import { JsonObjectScanner } from '../../io/json-scanner.js';
import type { EventItem } from '../../io/read-events.js';
import type { JsonObject } from '../event-view.js';
import type { TextPiece } from './pieces.js';

/** The scanner gets text in slices of this size, as the file reader feeds it. */
const SCANNER_SLICE = 1 << 20;
const NEWLINE = 0x0a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
/** The UTF-8 byte order mark, dropped at the start of a file as the sequential reader's decoder does. */
const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf];

/** An event and where its text is in the piece (byte offsets). */
export interface PieceRecord {
  line: number;
  start: number;
  end: number;
  event: JsonObject;
}

export type PieceItem = { record: PieceRecord } | { rejected: { line: number; message: string } };

/** Whether the line holds nothing but what the scanner skips between records: blanks, commas, brackets. */
function isFiller(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (byte > 32 && byte !== COMMA && byte !== OPEN_BRACKET && byte !== CLOSE_BRACKET) return false;
  }
  return true;
}

/**
 * The object on a line of its own (`{…}` or `{…},`), or undefined when the scanner must look at the line. Each
 * line is decoded by itself: a line of ASCII then makes a one-byte string, which JSON.parse reads fastest.
 */
function lineRecord(bytes: Buffer, start: number, end: number): PieceRecord | undefined {
  let first = start;
  while (first < end && bytes[first]! <= 32) first++;
  let last = end - 1;
  while (last > first && bytes[last]! <= 32) last--;
  if (bytes[last] === COMMA) last--;
  if (bytes[first] !== OPEN_BRACE || bytes[last] !== CLOSE_BRACE) return undefined;
  try {
    const event = JSON.parse(bytes.toString('utf8', first, last + 1)) as JsonObject;
    return { line: 0, start: first, end: last + 1, event };
  } catch {
    return undefined;
  }
}

/** Runs the sequential reader's scanner over the rest of the piece, from `start` (a line start) on `line`. */
function scanRest(
  bytes: Buffer,
  start: number,
  line: number,
  pieceEnd: TextPiece['end'],
  out: PieceItem[],
): void {
  const text = bytes.toString('utf8', start);
  const offset = line - 1;
  // Where the scanner's records are, as characters of `text` and as bytes of the piece.
  let consumed = 0;
  let consumedBytes = start;
  const scanner = new JsonObjectScanner(
    (record) => {
      const at = text.indexOf(record.text, consumed);
      const recordStart = consumedBytes + Buffer.byteLength(text.slice(consumed, at));
      consumed = at + record.text.length;
      consumedBytes = recordStart + Buffer.byteLength(record.text);
      try {
        const event = JSON.parse(record.text) as JsonObject;
        out.push({ record: { line: record.line + offset, start: recordStart, end: consumedBytes, event } });
      } catch (error) {
        out.push({
          rejected: { line: record.line + offset, message: `malformed JSON: ${(error as Error).message}` },
        });
      }
    },
    (problem) => out.push({ rejected: { line: problem.line + offset, message: problem.message } }),
  );
  for (let at = 0; at < text.length; at += SCANNER_SLICE) scanner.push(text.slice(at, at + SCANNER_SLICE));
  // At a boundary the next piece starts with `{` in column one: show it to the scanner, as the file reader would.
  if (pieceEnd === 'boundary') scanner.push('{');
  else if (pieceEnd === 'file') scanner.end();
}

/** Where the piece's text begins: after a byte order mark at the start of the file. */
export function textStart(piece: TextPiece, bytes: Buffer): number {
  return piece.line === 1 && BYTE_ORDER_MARK.every((byte, i) => bytes[i] === byte)
    ? BYTE_ORDER_MARK.length
    : 0;
}

/** The piece's bytes as a Buffer (a worker receives them as a plain Uint8Array), without copying. */
export function pieceBytes(piece: TextPiece): Buffer {
  const { bytes } = piece;
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** A line start in a piece: its byte offset and its line in the file. */
export interface PieceLine {
  start: number;
  line: number;
}

/**
 * The events and rejections of a piece, in order, with their lines in the file; each event parsed as it is reached.
 * `from`: the piece read from one of its lines on.
 */
export function* pieceItems(piece: TextPiece, from?: PieceLine): Generator<PieceItem> {
  const bytes = pieceBytes(piece);
  let line = from?.line ?? piece.line;
  let start = from?.start ?? textStart(piece, bytes);
  while (start < bytes.length) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline < 0 ? bytes.length : newline;
    const record = lineRecord(bytes, start, end);
    if (record) {
      record.line = line;
      yield { record };
    } else if (!isFiller(bytes, start, end)) {
      const rest: PieceItem[] = [];
      scanRest(bytes, start, line, piece.end, rest);
      yield* rest;
      return;
    }
    line++;
    start = end + 1;
  }
}

/** As `pieceItems`, with file names: what `readEvents` yields for the piece. */
export function* pieceEventItems(piece: TextPiece): Generator<EventItem> {
  for (const item of pieceItems(piece)) {
    yield 'record' in item
      ? { record: { event: item.record.event, file: piece.file, line: item.record.line } }
      : { rejected: { file: piece.file, line: item.rejected.line, message: item.rejected.message } };
  }
}
