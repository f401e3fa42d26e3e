// Streams events from files, folders and stdin: JSON lines, JSON arrays, concatenated JSON, .gz, and EVTX.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { JsonObject } from '../engine/event-view.js';
import { walkFiles } from '../util/walk.js';
import { JsonObjectScanner } from './json-scanner.js';

export interface EventRecord {
  event: JsonObject;
  file: string;
  line: number;
}

export interface RejectedEvent {
  file: string;
  line: number;
  message: string;
}

export type EventItem = { record: EventRecord } | { rejected: RejectedEvent };

export const EVENT_EXTENSIONS = [
  '.json',
  '.jsonl',
  '.ndjson',
  '.json.gz',
  '.jsonl.gz',
  '.ndjson.gz',
  '.evtx',
];

/** Byte count read so far across all inputs, for progress reporting. */
export interface ReadProgress {
  bytes: number;
}

function parseRecord(text: string, file: string, line: number): EventItem {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { rejected: { file, line, message: 'not a JSON object' } };
    return { record: { event: value as JsonObject, file, line } };
  } catch (error) {
    return { rejected: { file, line, message: `malformed JSON: ${(error as Error).message}` } };
  }
}

async function* readJsonStream(
  stream: Readable,
  file: string,
  progress?: ReadProgress,
): AsyncGenerator<EventItem> {
  const pending: EventItem[] = [];
  const scanner = new JsonObjectScanner(
    ({ text, line }) => pending.push(parseRecord(text, file, line)),
    ({ line, message }) => pending.push({ rejected: { file, line, message } }),
  );
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of stream) {
    const bytes = chunk as Buffer;
    if (progress) progress.bytes += bytes.length;
    scanner.push(decoder.decode(bytes, { stream: true }));
    yield* pending.splice(0);
  }
  scanner.push(decoder.decode());
  scanner.end();
  yield* pending.splice(0);
}

async function* readEvtxFile(file: string): AsyncGenerator<EventItem> {
  const { readEvtx } = await import('./evtx/index.js');
  for await (const item of readEvtx(file)) {
    if ('record' in item) yield { record: { event: item.record.event, file, line: item.record.recordId } };
    else yield { rejected: { file, line: item.error.recordId ?? 0, message: item.error.message } };
  }
}

/**
 * Bytes per read of an event file. Reads and the texts decoded from them stay well under V8's large-object size
 * (128 KiB; a two-byte string of 64 K characters), so they die young; larger ones waited in the large-object space
 * for a full collection, which V8 puts off while a compiled rule set fills the heap: peak RSS grew with the input.
 */
export const READ_CHUNK_BYTES = 1 << 15;

async function* readFile(file: string, progress?: ReadProgress): AsyncGenerator<EventItem> {
  if (file === '-') yield* readJsonStream(process.stdin, '<stdin>', progress);
  else if (file.toLowerCase().endsWith('.evtx')) yield* readEvtxFile(file);
  else {
    const raw = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
    yield* readJsonStream(
      file.toLowerCase().endsWith('.gz') ? raw.pipe(createGunzip()) : raw,
      file,
      progress,
    );
  }
}

/**
 * The items of every event file under the given paths, in path order, from `read`; a path that cannot be walked or
 * a file that cannot be read becomes one rejected item (made by `rejected`) and the rest goes on.
 */
export async function* eachEventFile<T>(
  paths: readonly string[],
  read: (file: string) => AsyncIterable<T> | Iterable<T>,
  rejected: (error: RejectedEvent) => T,
): AsyncGenerator<T> {
  for (const path of paths) {
    const files = walkFiles([path], EVENT_EXTENSIONS);
    while (true) {
      let next: IteratorResult<string>;
      try {
        next = await files.next();
      } catch (error) {
        yield rejected({ file: path, line: 0, message: (error as Error).message });
        break;
      }
      if (next.done) break;
      try {
        yield* read(next.value);
      } catch (error) {
        yield rejected({ file: next.value, line: 0, message: `cannot read: ${(error as Error).message}` });
      }
    }
  }
}

/** Reads every event under the given paths (`-` is stdin), in path order; bad records are yielded as rejected. */
export function readEvents(paths: readonly string[], progress?: ReadProgress): AsyncGenerator<EventItem> {
  return eachEventFile<EventItem>(
    paths,
    (file) => readFile(file, progress),
    (error) => ({ rejected: error }),
  );
}
