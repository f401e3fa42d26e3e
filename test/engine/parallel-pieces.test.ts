// Cutting input at any record boundary and reading the pieces apart gives what the sequential reader gives.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { consumed, type PooledRead } from '../../src/engine/parallel/chunk-pool.js';
import { LazyRecord } from '../../src/engine/parallel/lazy-record.js';
import { pieceEventItems } from '../../src/engine/parallel/piece-events.js';
import type { TextPiece } from '../../src/engine/parallel/pieces.js';
import { readPieces } from '../../src/engine/parallel/read-pieces.js';
import { type EventItem, readEvents } from '../../src/io/read-events.js';

const TRICKY = [
  '{"a": 1}',
  '  {"b": "x"},  ',
  '[',
  '{"EventID": 1, "Image": "C:\\\\x.exe"',
  '{"c": [1, {"d": "}"}]}',
  'not json at all',
  '{"CommandLine": "line',
  'break"}',
  '{"e": 2} {"f": 3}',
  '{"g": tru}',
  '{',
  '  "pretty": true,',
  '  "nested": {"h": "{"}',
  '}',
  '{"i": "\\u00e9\\n"}\r',
  ']',
  '{"unclosed": {"x": 1}',
  '{"j": 4}',
  'trailing junk',
].join('\n');

const dir = mkdtempSync(join(tmpdir(), 'dragnet-pieces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sequential(text: string): Promise<EventItem[]> {
  const file = join(dir, 'input.jsonl');
  writeFileSync(file, text);
  const items: EventItem[] = [];
  for await (const item of readEvents([file])) items.push(item);
  return items.map((item) =>
    'record' in item
      ? { record: { ...item.record, file: 'f' } }
      : { rejected: { ...item.rejected, file: 'f' } },
  );
}

/** Reads the text as pieces cut at the given offsets (each just after a newline followed by `{`). */
function pieces(text: string, cuts: number[]): EventItem[] {
  const bounds = [0, ...cuts, text.length];
  const out: EventItem[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const start = bounds[k]!;
    const piece: TextPiece = {
      kind: 'text',
      file: 'f',
      line: 1 + (text.slice(0, start).match(/\n/g)?.length ?? 0),
      bytes: Buffer.from(text.slice(start, bounds[k + 1])),
      end: k + 2 === bounds.length ? 'file' : 'boundary',
    };
    out.push(...pieceEventItems(piece));
  }
  return out;
}

function boundaries(text: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf('\n{'); at >= 0; at = text.indexOf('\n{', at + 1)) out.push(at + 1);
  return out;
}

describe('reading text pieces', () => {
  it('reads tricky input like the sequential reader, uncut', async () => {
    const expected = await sequential(TRICKY);
    expect(expected.filter((i) => 'rejected' in i).length).toBeGreaterThan(4);
    expect(pieces(TRICKY, [])).toEqual(expected);
  });

  it('reads it the same when cut at any one record boundary', async () => {
    const expected = await sequential(TRICKY);
    for (const cut of boundaries(TRICKY)) expect(pieces(TRICKY, [cut]), `cut at ${cut}`).toEqual(expected);
  });

  it('reads it the same when cut at every record boundary', async () => {
    expect(pieces(TRICKY, boundaries(TRICKY))).toEqual(await sequential(TRICKY));
  });

  it('drops an unfinished record of a piece cut by a read error, as the reader does', () => {
    const cut: TextPiece = {
      kind: 'text',
      file: 'f',
      line: 3,
      bytes: Buffer.from('{"a": 1}\n{"b": '),
      end: 'cut',
    };
    expect([...pieceEventItems(cut)]).toEqual([{ record: { event: { a: 1 }, file: 'f', line: 3 } }]);
  });
});

describe('cutting files into pieces', () => {
  /** Lines of varied length (some long, some not JSON, some non-ASCII) and record starts inside strings. */
  function input(lines: number): string {
    const out: string[] = [];
    for (let i = 0; i < lines; i++)
      out.push(
        i % 97 === 0
          ? `not json ${i}`
          : JSON.stringify({
              i,
              text: `${'é€x'.repeat(i % 50)}\n{"inner": ${i}}`,
              pad: 'p'.repeat((i * 37) % 700),
            }),
      );
    return `\ufeff${out.join('\n')}\n`;
  }

  async function cut(file: string, pieceBytes: number): Promise<TextPiece[]> {
    const out: TextPiece[] = [];
    for await (const piece of readPieces([file], pieceBytes)) {
      if (piece.kind !== 'text') expect.fail(`unexpected ${piece.kind} piece`);
      out.push(piece);
    }
    return out;
  }

  it('reads a small file into shared memory of about its size, not a whole read of 1 MiB', async () => {
    const file = join(dir, 'small.jsonl');
    writeFileSync(file, `${JSON.stringify({ a: 1 })}\n`);
    const [piece, ...rest] = await cut(file, 1 << 18);
    expect(rest).toEqual([]);
    expect(piece!.bytes.toString()).toBe('{"a":1}\n');
    expect(piece!.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(piece!.bytes.buffer.byteLength).toBeLessThanOrEqual(1 << 16);
  });

  for (const [name, compress] of [
    ['a plain file read in 1 MiB chunks', false],
    ['a gzip file read in small chunks', true],
  ] as const)
    for (const pieceBytes of [3000, 40_000])
      it(`cuts ${name} at record starts, about ${pieceBytes} bytes apart, losing and adding nothing`, async () => {
        const text = input(compress ? 3000 : 6000);
        const file = join(dir, compress ? 'cut.jsonl.gz' : 'cut.jsonl');
        writeFileSync(file, compress ? gzipSync(text) : text);
        const pieces = await cut(file, pieceBytes);
        expect(pieces.length).toBeGreaterThan(compress ? 20 : 60);
        expect(Buffer.concat(pieces.map((p) => p.bytes)).toString()).toBe(text);
        // Pieces of a plain file are in shared memory (each within one read): workers get views of them.
        if (!compress)
          expect(pieces.filter((p) => !(p.bytes.buffer instanceof SharedArrayBuffer))).toEqual([]);
        let line = 1;
        pieces.forEach((piece, k) => {
          expect(piece.line).toBe(line);
          line += piece.bytes.filter((byte) => byte === 0x0a).length;
          if (k + 1 === pieces.length) {
            expect(piece.end).toBe('file');
            return;
          }
          expect(piece.end).toBe('boundary');
          expect(piece.bytes.at(-1) === 0x0a && pieces[k + 1]!.bytes[0] === 0x7b).toBe(true);
          expect(piece.bytes.length).toBeLessThan(pieceBytes * 2 + 2000);
        });
        // Read apart, the pieces give what the sequential reader gives (the byte order mark dropped).
        const read = pieces.flatMap((piece) => [...pieceEventItems({ ...piece, file: 'f' })]);
        expect(read).toEqual(await sequential(text));
      });

  /** A file of `count` records of about `size` bytes each, one per line. */
  function records(count: number, size: number): string {
    const lines: string[] = [];
    for (let i = 0; i < count; i++) lines.push(JSON.stringify({ i, pad: 'x'.repeat(size) }));
    return `${lines.join('\n')}\n`;
  }

  it('reads a large file into two chunks used in turn, when each piece is consumed before the next is read', async () => {
    const text = records(6000, 1000);
    const file = join(dir, 'reused.jsonl');
    writeFileSync(file, text);
    const buffers = new Set<ArrayBufferLike>();
    const read: string[] = [];
    for await (const piece of readPieces([file], 40_000)) {
      if (piece.kind !== 'text') expect.fail(`unexpected ${piece.kind} piece`);
      buffers.add(piece.bytes.buffer);
      read.push(Buffer.from(piece.bytes).toString());
      expect(text.slice(piece.pooled!.offset, piece.pooled!.offset + piece.bytes.length)).toBe(read.at(-1));
      consumed(piece);
    }
    expect(read.join('')).toBe(text);
    expect(text.length).toBeGreaterThan(5 << 20);
    // Two chunks of 1 MiB in turn; the end of the file, smaller, is read into chunks of its size.
    expect([...buffers].filter((buffer) => buffer.byteLength === 1 << 20)).toHaveLength(2);
    expect(buffers.size).toBeLessThanOrEqual(4);
  });

  it('parses a record whose chunk was read over from its file again', async () => {
    const text = records(4000, 1000);
    const file = join(dir, 'again.jsonl');
    writeFileSync(file, text);
    /** Each piece's first record, as parallel matching makes records, and where it was read. */
    const firsts: { record: () => LazyRecord; pooled: PooledRead }[] = [];
    for await (const piece of readPieces([file], 40_000)) {
      if (piece.kind !== 'text') expect.fail(`unexpected ${piece.kind} piece`);
      const bytes = Buffer.from(piece.bytes.buffer, piece.bytes.byteOffset, piece.bytes.length);
      const { line } = piece;
      const pooled = piece.pooled!;
      const end = bytes.indexOf(0x0a);
      firsts.push({ record: () => new LazyRecord(bytes, 0, end, file, line, pooled), pooled });
      consumed(piece);
    }
    const readOver = firsts.filter(({ pooled }) => pooled.chunk.generation !== pooled.generation);
    expect(readOver.length).toBeGreaterThan(10);
    for (const { record } of firsts)
      expect(record().event).toEqual({ i: record().line - 1, pad: 'x'.repeat(1000) });
    rmSync(file);
    const gone = readOver[0]!.record();
    expect(() => gone.event).toThrow(`${file}:${gone.line}: the event's text could not be read again`);
  });

  it('reads a record longer than a chunk whole, between short ones', async () => {
    const text = [
      records(300, 500),
      `${JSON.stringify({ long: 'y'.repeat(1_500_000) })}\n`,
      records(300, 500),
    ].join('');
    const file = join(dir, 'long.jsonl');
    writeFileSync(file, text);
    const pieces = await cut(file, 40_000);
    expect(Buffer.concat(pieces.map((p) => p.bytes)).toString()).toBe(text);
    const read = pieces.flatMap((piece) => [...pieceEventItems({ ...piece, file: 'f' })]);
    expect(read).toEqual(await sequential(text));
    expect(read).toHaveLength(601);
  });
});
