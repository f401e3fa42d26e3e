// Cutting input at any record boundary and reading the pieces apart gives what the sequential reader gives.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
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
        // Pieces of a plain file, those joined across two reads too, are in shared memory: workers get views of them.
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
});
