// Turns a text piece into the events `readEvents` would read from it: one JSON.parse per line, scanner for the rest.

import { JsonObjectScanner } from '../../io/json-scanner.js';
import type { EventItem } from '../../io/read-events.js';
import type { JsonObject } from '../event-view.js';
import type { TextPiece } from './pieces.js';

/** The scanner gets text in slices of this size, as the file reader feeds it. */
const SCANNER_SLICE = 1 << 20;

/** An event and where its text is in the piece. */
export interface PieceRecord {
  line: number;
  start: number;
  end: number;
  event: JsonObject;
}

export type PieceItem = { record: PieceRecord } | { rejected: { line: number; message: string } };

/** Whether the line holds nothing but what the scanner skips between records: blanks, commas, brackets. */
function isFiller(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch > 32 && ch !== 44 && ch !== 91 && ch !== 93) return false;
  }
  return true;
}

/** The object on a line of its own (`{…}` or `{…},`), or undefined when the scanner must look at the line. */
function lineRecord(text: string, start: number, end: number): PieceRecord | undefined {
  let first = start;
  while (first < end && text.charCodeAt(first) <= 32) first++;
  let last = end - 1;
  while (last > first && text.charCodeAt(last) <= 32) last--;
  if (text.charCodeAt(last) === 44) last--;
  if (text.charCodeAt(first) !== 123 || text.charCodeAt(last) !== 125) return undefined;
  try {
    return {
      line: 0,
      start: first,
      end: last + 1,
      event: JSON.parse(text.slice(first, last + 1)) as JsonObject,
    };
  } catch {
    return undefined;
  }
}

/** Runs the sequential reader's scanner over the rest of the piece, from `start` (a line start) on `line`. */
function scanRest(
  text: string,
  start: number,
  line: number,
  pieceEnd: TextPiece['end'],
  out: PieceItem[],
): void {
  const offset = line - 1;
  let consumed = start;
  const scanner = new JsonObjectScanner(
    (record) => {
      const at = text.indexOf(record.text, consumed);
      consumed = at + record.text.length;
      try {
        const event = JSON.parse(record.text) as JsonObject;
        out.push({ record: { line: record.line + offset, start: at, end: consumed, event } });
      } catch (error) {
        out.push({
          rejected: { line: record.line + offset, message: `malformed JSON: ${(error as Error).message}` },
        });
      }
    },
    (problem) => out.push({ rejected: { line: problem.line + offset, message: problem.message } }),
  );
  for (let at = start; at < text.length; at += SCANNER_SLICE)
    scanner.push(text.slice(at, at + SCANNER_SLICE));
  // At a boundary the next piece starts with `{` in column one: show it to the scanner, as the file reader would.
  if (pieceEnd === 'boundary') scanner.push('{');
  else if (pieceEnd === 'file') scanner.end();
}

/** The events and rejections of a piece, in order, with their lines in the file; each event parsed as it is reached. */
export function* pieceItems(piece: TextPiece): Generator<PieceItem> {
  const { text } = piece;
  let line = piece.line;
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const record = lineRecord(text, start, end);
    if (record) {
      record.line = line;
      yield { record };
    } else if (!isFiller(text, start, end)) {
      const rest: PieceItem[] = [];
      scanRest(text, start, line, piece.end, rest);
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
