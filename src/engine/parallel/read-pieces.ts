// Reads event files as pieces for the workers, in the order and with the errors of `readEvents`.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { type EventItem, eachEventFile, type ReadProgress, readEvents } from '../../io/read-events.js';
import type { Piece, PieceEnd } from './pieces.js';

const NEWLINE = 0x0a;
/** EVTX events read on the main thread travel in batches of this many. */
const EVTX_BATCH = 1024;

function countLines(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(NEWLINE); at >= 0; at = bytes.indexOf(NEWLINE, at + 1)) count++;
  return count;
}

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
    const text = new TextDecoder('utf-8').decode(bytes);
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
      const cut = all.lastIndexOf('\n{');
      if (cut < 0) {
        buffered = [all];
        continue;
      }
      yield piece(all.subarray(0, cut + 1), 'boundary');
      buffered = [all.subarray(cut + 1)];
      size = all.length - cut - 1;
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
  // Reads of one piece each: a read buffer lives only until its piece is cut (see READ_CHUNK_BYTES).
  const raw = createReadStream(file, { highWaterMark: pieceBytes });
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
