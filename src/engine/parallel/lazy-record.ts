// A record whose event is parsed from its bytes when first read: most events of a hunt are never looked at again.
import { closeSync, openSync, readSync } from 'node:fs';
import type { EventRecord } from '../../io/read-events.js';
import type { JsonObject } from '../event-view.js';
import type { PooledRead } from './chunk-pool.js';

/** The bytes at `offset` of the file, read again. */
function readAgain(file: string, line: number, offset: number, length: number): string {
  const bytes = Buffer.alloc(length);
  let read = 0;
  try {
    const fd = openSync(file, 'r');
    try {
      read = readSync(fd, bytes, 0, length, offset);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new Error(`${file}:${line}: the event's text could not be read again: ${(error as Error).message}`);
  }
  if (read < length) throw new Error(`${file}:${line}: the event's text is no longer in the file`);
  return bytes.toString('utf8');
}

export class LazyRecord implements EventRecord {
  private parsed: JsonObject | undefined;

  constructor(
    private readonly bytes: Buffer,
    private readonly start: number,
    private readonly end: number,
    readonly file: string,
    readonly line: number,
    /** Where `bytes` were read, when into a pooled chunk: read over once consumed, the text is read from the file. */
    private readonly pooled?: PooledRead,
  ) {}

  get event(): JsonObject {
    this.parsed ??= JSON.parse(this.text()) as JsonObject;
    return this.parsed;
  }

  set event(value: JsonObject) {
    this.parsed = value;
  }

  private text(): string {
    const { pooled } = this;
    if (pooled && pooled.chunk.generation !== pooled.generation)
      return readAgain(this.file, this.line, pooled.offset + this.start, this.end - this.start);
    return this.bytes.toString('utf8', this.start, this.end);
  }
}
