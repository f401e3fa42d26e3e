// Reads event files as pieces for the workers, in the order and with the errors of `readEvents`.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { type EventItem, eachEventFile, type ReadProgress, readEvents } from '../../io/read-events.js';
import type { Piece, PieceEnd } from './pieces.js';

const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
/**
 * Bytes per read: several pieces' worth (the buffers stay outside the JavaScript heap). Files are read into shared
 * memory: a piece posted to a worker is then a view of the same bytes, not a copy.
 */
const READ_BYTES = 1 << 20;
/** Bytes of the smallest read, once a file's size as opened is read (the end of a file that grows). */
const LEAST_READ_BYTES = 1 << 16;
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

/** Bytes in a SharedArrayBuffer of their own. */
function sharedBytes(length: number): Buffer {
  return Buffer.from(new SharedArrayBuffer(length));
}

/** The parts as one buffer; in shared memory when they are. */
function joined(parts: readonly Buffer[]): Buffer {
  if (parts.length === 1) return parts[0]!;
  if (!(parts[0]!.buffer instanceof SharedArrayBuffer)) return Buffer.concat(parts);
  const out = sharedBytes(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * A file's bytes, read in chunks of up to `READ_BYTES` into shared memory: no larger than what is left of the file
 * as it was when opened (small files take little memory), at least `LEAST_READ_BYTES` (it may grow).
 */
async function* sharedChunks(file: string): AsyncGenerator<Buffer> {
  const handle = await open(file);
  try {
    let left = (await handle.stat()).size;
    while (true) {
      const length = Math.min(READ_BYTES, Math.max(left, LEAST_READ_BYTES));
      const chunk = sharedBytes(length);
      const { bytesRead } = await handle.read(chunk, 0, length, null);
      if (bytesRead === 0) return;
      left -= bytesRead;
      yield chunk.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Cuts a byte stream into pieces of about `pieceBytes`, each ending just before a `{` that starts a line:
 * a place where the sequential reader is between records. UTF-8 never uses these bytes inside a character. Pieces
 * are cut from each chunk read as it is; only a piece that spans two chunks is copied together.
 */
async function* textPieces(
  stream: Readable | AsyncIterable<Buffer>,
  file: string,
  pieceBytes: number,
  progress?: ReadProgress,
): AsyncGenerator<Piece> {
  /** The bytes of the piece begun, from earlier chunks. */
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 1;
  const piece = (parts: Buffer[], end: PieceEnd): Piece => {
    const bytes = joined(parts);
    const out: Piece = { kind: 'text', file, line, bytes, end };
    line += countLines(bytes);
    pending = [];
    pendingBytes = 0;
    return out;
  };
  try {
    for await (const data of stream) {
      const chunk = data as Buffer;
      if (progress) progress.bytes += chunk.length;
      let from = 0;
      if (pending.length) {
        // The piece begun ends at the first record start in this chunk once it has its bytes (at the chunk's start
        // when the last chunk ended a line).
        const last = pending[pending.length - 1]!;
        const wanted = pieceBytes - pendingBytes;
        const atStart = wanted <= 0 && last[last.length - 1] === NEWLINE && chunk[0] === OPEN_BRACE;
        const cut = atStart ? -1 : chunk.indexOf('\n{', Math.max(0, wanted));
        if (!atStart && cut < 0) {
          pending.push(chunk);
          pendingBytes += chunk.length;
          continue;
        }
        if (cut >= 0) pending.push(chunk.subarray(0, cut + 1));
        yield piece(pending, 'boundary');
        from = cut + 1;
      }
      for (let cut = nextCut(chunk, from, pieceBytes); cut >= 0; cut = nextCut(chunk, from, pieceBytes)) {
        yield piece([chunk.subarray(from, cut + 1)], 'boundary');
        from = cut + 1;
      }
      if (from < chunk.length) {
        pending.push(chunk.subarray(from));
        pendingBytes = chunk.length - from;
      }
    }
  } catch (error) {
    if (pending.length) yield piece(pending, 'cut');
    throw error;
  }
  yield piece(pending.length ? pending : [Buffer.alloc(0)], 'file');
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
  if (!file.toLowerCase().endsWith('.gz')) return textPieces(sharedChunks(file), file, pieceBytes, progress);
  const raw = createReadStream(file, { highWaterMark: READ_BYTES });
  return textPieces(raw.pipe(createGunzip()), file, pieceBytes, progress);
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
