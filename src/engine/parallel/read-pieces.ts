// Reads event files as pieces for the workers, in the order and with the errors of `readEvents`.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { type EventItem, eachEventFile, type ReadProgress, readEvents } from '../../io/read-events.js';
import { ChunkPool, type PooledChunk } from './chunk-pool.js';
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
/** Free chunks kept for reuse: with every matching thread's pieces in flight, a few are free at a time. */
const FREE_CHUNKS_KEPT = 8;
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

/** The parts as one buffer. */
function joined(parts: readonly Buffer[]): Buffer {
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** A read of a file into a chunk: whole records, up to where one starts, or the rest of the file (`end`). */
interface ChunkRead {
  chunk: PooledChunk;
  bytes: Buffer;
  /** File offset of `bytes[0]`. */
  offset: number;
  end: 'more' | PieceEnd;
}

/**
 * A file read into chunks of the pool, yielded up to where a record starts: the rest of a full chunk (an unfinished
 * record) is copied to the start of the next. Chunks are no larger than what is left of the file as opened (small
 * files take little memory), reads at least `LEAST_READ_BYTES` (it may grow); a record longer than half a chunk is
 * read on into a larger one.
 */
async function* chunkReads(
  file: string,
  pool: ChunkPool,
  progress?: ReadProgress,
): AsyncGenerator<ChunkRead> {
  const handle = await open(file);
  let chunk: PooledChunk | undefined;
  /** Bytes of `chunk` read and not yet yielded: from `start` to `filled`, at file offset `offset`. */
  let start = 0;
  let filled = 0;
  let offset = 0;
  try {
    let left = (await handle.stat()).size;
    while (true) {
      if (!chunk || filled === chunk.bytes.length) {
        const rest = chunk ? chunk.bytes.subarray(start, filled) : Buffer.alloc(0);
        const want = Math.min(READ_BYTES, Math.max(left, LEAST_READ_BYTES));
        const pooled = rest.length + want >= pool.chunkBytes && rest.length <= pool.chunkBytes / 2;
        const next = pooled ? pool.take() : pool.takeOnce(rest.length + want);
        next.bytes.set(rest, 0);
        chunk?.release();
        chunk = next;
        start = 0;
        filled = rest.length;
      }
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(chunk.bytes, filled, chunk.bytes.length - filled, null));
      } catch (error) {
        if (filled > start) yield { chunk, bytes: chunk.bytes.subarray(start, filled), offset, end: 'cut' };
        throw error;
      }
      if (bytesRead === 0) {
        yield { chunk, bytes: chunk.bytes.subarray(start, filled), offset, end: 'file' };
        return;
      }
      if (progress) progress.bytes += bytesRead;
      left -= bytesRead;
      filled += bytesRead;
      // Bytes past `filled` are an earlier read's: a record start is looked for before them.
      const cut = filled - start >= 2 ? chunk.bytes.lastIndexOf('\n{', filled - 2) : -1;
      if (cut >= start) {
        yield { chunk, bytes: chunk.bytes.subarray(start, cut + 1), offset, end: 'more' };
        offset += cut + 1 - start;
        start = cut + 1;
      }
    }
  } finally {
    chunk?.release();
    await handle.close();
  }
}

/**
 * A plain file cut into pieces of about `pieceBytes`, each ending just before a `{` that starts a line, and each a
 * view of the chunk it was read into (the last piece of a chunk is smaller): workers get views of the same bytes.
 */
async function* filePiecesInChunks(
  file: string,
  pieceBytes: number,
  pool: ChunkPool,
  progress?: ReadProgress,
): AsyncGenerator<Piece> {
  let line = 1;
  for await (const { chunk, bytes, offset, end } of chunkReads(file, pool, progress)) {
    let from = 0;
    do {
      const cut = nextCut(bytes, from, pieceBytes);
      const to = cut >= 0 ? cut + 1 : bytes.length;
      const piece = bytes.subarray(from, to);
      chunk.retain();
      yield {
        kind: 'text',
        file,
        line,
        bytes: piece,
        end: to < bytes.length || end === 'more' ? 'boundary' : end,
        pooled: { chunk, generation: chunk.generation, offset: offset + from },
      };
      line += countLines(piece);
      from = to;
    } while (from < bytes.length);
  }
}

/**
 * Cuts a byte stream (standard input, gzip) into pieces of about `pieceBytes`, each ending just before a `{` that
 * starts a line: a place where the sequential reader is between records. UTF-8 never uses these bytes inside a
 * character. Pieces are cut from each chunk read as it is; only a piece that spans two chunks is copied together.
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

function filePieces(
  file: string,
  pieceBytes: number,
  pool: ChunkPool,
  progress?: ReadProgress,
): AsyncGenerator<Piece> {
  if (file === '-') return textPieces(process.stdin, '<stdin>', pieceBytes, progress);
  if (file.toLowerCase().endsWith('.evtx')) return evtxPieces(file);
  if (!file.toLowerCase().endsWith('.gz')) return filePiecesInChunks(file, pieceBytes, pool, progress);
  const raw = createReadStream(file, { highWaterMark: READ_BYTES });
  return textPieces(raw.pipe(createGunzip()), file, pieceBytes, progress);
}

/** Every file under the paths as pieces; unreadable paths and files become rejected pieces, as in `readEvents`. */
export function readPieces(
  paths: readonly string[],
  pieceBytes: number,
  progress?: ReadProgress,
): AsyncGenerator<Piece> {
  const pool = new ChunkPool(READ_BYTES, FREE_CHUNKS_KEPT);
  return eachEventFile<Piece>(
    paths,
    (file) => filePieces(file, pieceBytes, pool, progress),
    (rejected) => ({ kind: 'rejected', rejected }),
  );
}
