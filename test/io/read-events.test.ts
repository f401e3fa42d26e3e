// Event input: JSON lines, arrays, concatenated pretty objects, gzip, with malformed records reported by line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type EventItem, readEvents } from '../../src/io/read-events.js';

async function read(name: string, content: string | Buffer): Promise<EventItem[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dragnet-events-'));
  writeFileSync(join(dir, name), content);
  const items: EventItem[] = [];
  for await (const item of readEvents([join(dir, name)])) items.push(item);
  return items;
}

const summary = (items: EventItem[]) =>
  items.map((i) =>
    'record' in i
      ? ['ok', i.record.line, i.record.event]
      : ['rejected', i.rejected.line, i.rejected.message.slice(0, 16)],
  );

describe('readEvents', () => {
  it('reads JSON lines with line numbers and reports malformed lines', async () => {
    const items = await read('e.jsonl', '{"a":1}\n{"a":\n\n{"b":"}{"}\n');
    expect(summary(items)).toEqual([
      ['ok', 1, { a: 1 }],
      ['rejected', 2, 'malformed JSON: '],
      ['ok', 4, { b: '}{' }],
    ]);
    expect(summary(await read('s.jsonl', '{"a":"x\n{"b":2}\n'))).toEqual([
      ['rejected', 1, 'malformed JSON: '],
      ['ok', 2, { b: 2 }],
    ]);
  });
  it('reads a JSON array and concatenated pretty-printed objects', async () => {
    expect(summary(await read('a.json', '[\n {"a": 1},\n {"a": 2}\n]\n'))).toEqual([
      ['ok', 2, { a: 1 }],
      ['ok', 3, { a: 2 }],
    ]);
    expect(summary(await read('c.json', '{\n  "a": {"x": "\\"{"}\n}\n{\n  "b": 2\n}\n'))).toEqual([
      ['ok', 1, { a: { x: '"{' } }],
      ['ok', 4, { b: 2 }],
    ]);
  });
  it('rejects non-objects and reads gzip', async () => {
    expect(summary(await read('n.jsonl', '42\n{"a":1}\n'))).toEqual([
      ['rejected', 1, 'expected a JSON o'].map((x) => (typeof x === 'string' ? x.slice(0, 16) : x)),
      ['ok', 2, { a: 1 }],
    ]);
    expect(summary(await read('g.jsonl.gz', gzipSync('{"z":true}\n')))).toEqual([['ok', 1, { z: true }]]);
  });
  it('reports an unterminated object at the end', async () => {
    expect(summary(await read('t.json', '{"a":1}\n{"b":'))).toEqual([
      ['ok', 1, { a: 1 }],
      ['rejected', 2, 'unexpected end o'],
    ]);
  });
});
