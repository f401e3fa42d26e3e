// Cutting input at any record boundary and reading the pieces apart gives what the sequential reader gives.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pieceEventItems } from '../../src/engine/parallel/piece-events.js';
import type { TextPiece } from '../../src/engine/parallel/pieces.js';
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
      text: text.slice(start, bounds[k + 1]),
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
    const cut: TextPiece = { kind: 'text', file: 'f', line: 3, text: '{"a": 1}\n{"b": ', end: 'cut' };
    expect([...pieceEventItems(cut)]).toEqual([{ record: { event: { a: 1 }, file: 'f', line: 3 } }]);
  });
});
