// Reads event files as pieces for the workers, in the order and with the errors of `readEvents`.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { type EventItem, eachEventFile, type ReadProgress, readEvents } from '../../io/read-events.js';
import type { Piece, PieceEnd } from './pieces.js';

const NEWLINE = 0x0a;
/** Bytes per read: several pieces' worth (the buffers stay outside the JavaScript heap). */
const READ_BYTES = 1 << 20;
/** EVTX events read on the main thread travel in batches of this many. */
const EVTX_BATCH = 1024;

function countLines(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(NEWLINE); at >= 0; at = bytes.indexOf(NEWLINE, at + 1)) count++;
  return count;
}

/**
 * Where the piece starting at `from` ends: the last newline before a line-starting `{` within `pieceBytes`, else
 * the first one after; -1 when fewer than `pieceBytes` are left or no such newline follows.
 */
function nextCut(bytes: Buffer, from: number, pieceBytes: number): number {
  if (bytes.length - from < pieceBytes) return -1;
  const before = bytes.lastIndexOf('\n{', from + pieceBytes);
  return before >= from ? before : bytes.indexOf('\n{', from + pieceBytes);
}

const decoder = new TextDecoder('utf-8');

/**
 * Cuts a byte stream into text pieces of about `pieceBytes`, each ending just before a `{` that starts a line:
 * a place where the sequential reader is between records. UTF-8 never uses these bytes inside a character.
 */
async function* textPieces(
  stream: Readable,
  file: string,
  pieceBytes: number,
  progress?: ReadProgress,
): AsyncGenerator<Piece> {
  let buffered: Buffer[] = [];
  let size = 0;
  let line = 1;
  const piece = (bytes: Buffer, end: PieceEnd): Piece => {
    const text = decoder.decode(bytes);
    const out: Piece = { kind: 'text', file, line, text, end };
    line += countLines(bytes);
    return out;
  };
  try {
    for await (const data of stream) {
      const bytes = data as Buffer;
      if (progress) progress.bytes += bytes.length;
      buffered.push(bytes);
      size += bytes.length;
      if (size < pieceBytes) continue;
      const all = Buffer.concat(buffered);
      let from = 0;
      for (let cut = nextCut(all, from, pieceBytes); cut >= 0; cut = nextCut(all, from, pieceBytes)) {
        yield piece(all.subarray(from, cut + 1), 'boundary');
        from = cut + 1;
      }
      buffered = [all.subarray(from)];
      size = all.length - from;
    }
  } catch (error) {
    if (size) yield piece(Buffer.concat(buffered), 'cut');
    throw error;
  }
  yield piece(Buffer.concat(buffered), 'file');
}

async function* evtxPieces(file: string): AsyncGenerator<Piece> {
  let items: EventItem[] = [];
  for await (const item of readEvents([file])) {
    items.push(item);
    if (items.length === EVTX_BATCH) {
      yield { kind: 'items', items };
      items = [];
    }
  }
  if (items.length) yield { kind: 'items', items };
}

function filePieces(file: string, pieceBytes: number, progress?: ReadProgress): AsyncGenerator<Piece> {
  if (file === '-') return textPieces(process.stdin, '<stdin>', pieceBytes, progress);
  if (file.toLowerCase().endsWith('.evtx')) return evtxPieces(file);
  const raw = createReadStream(file, { highWaterMark: READ_BYTES });
  return textPieces(
    file.toLowerCase().endsWith('.gz') ? raw.pipe(createGunzip()) : raw,
    file,
    pieceBytes,
    progress,
  );
}

/** Every file under the paths as pieces; unreadable paths and files become rejected pieces, as in `readEvents`. */
export function readPieces(
  paths: readonly string[],
  pieceBytes: number,
  progress?: ReadProgress,
): AsyncGenerator<Piece> {
  return eachEventFile<Piece>(
    paths,
    (file) => filePieces(file, pieceBytes, progress),
    (rejected) => ({ kind: 'rejected', rejected }),
  );
}
