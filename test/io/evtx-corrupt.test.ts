// Hostile and damaged EVTX input: clear located errors, the remaining records still read, bounded work, no hang.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Element,
  evtxFile,
  type RecordSpec,
  VALUE_TYPE as T,
  type Value,
} from './helpers/evtx-builder.js';
import { readAllEvtx } from './helpers/read-all-evtx.js';

const FILE_HEADER_SIZE = 4096;
const CHUNK_SIZE = 65536;
const CHUNK_HEADER_SIZE = 512;

const dir = mkdtempSync(join(tmpdir(), 'evtx-corrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const imageTemplate: Element = {
  name: 'Event',
  children: [
    {
      name: 'EventData',
      children: [{ name: 'Data', attributes: [['Name', 'Image']], children: [{ slot: 0, type: T.String }] }],
    },
  ],
};
const image = (recordId: number): RecordSpec => ({
  recordId,
  template: imageTemplate,
  values: [{ type: T.String, bytes: Buffer.from(`p${recordId}.exe\0`, 'utf16le') }],
});

/** Two chunks: records 1–3, then records 4–5. */
function sampleFile(): Buffer {
  return evtxFile([
    [image(1), image(2), image(3)],
    [image(4), image(5)],
  ]);
}

/** File offset of each record of the chunk starting at `chunkStart`. */
function recordOffsets(file: Buffer, chunkStart: number): number[] {
  const offsets: number[] = [];
  const end = chunkStart + file.readUInt32LE(chunkStart + 48);
  for (let at = chunkStart + CHUNK_HEADER_SIZE; at < end; at += file.readUInt32LE(at + 4)) offsets.push(at);
  return offsets;
}

let fileCount = 0;
async function decode(bytes: Buffer) {
  const file = join(dir, `case-${fileCount++}.evtx`);
  writeFileSync(file, bytes);
  const started = performance.now();
  const result = await readAllEvtx(file);
  return {
    ...result,
    file,
    elapsed: performance.now() - started,
    ids: result.records.map((r) => r.recordId),
  };
}

describe('EVTX file-level damage', () => {
  it('reports a bad file signature and still reads every chunk', async () => {
    const bytes = sampleFile();
    bytes.write('BadMagic', 0, 'latin1');
    const { errors, ids, file } = await decode(bytes);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toBe(
      `${file}: file header: bad file signature "BadMagic" (expected "ElfFile\\u0000")`,
    );
    expect(ids).toEqual([1, 2, 3, 4, 5]);
  });

  it('reports a file header checksum mismatch without stopping', async () => {
    const bytes = sampleFile();
    bytes[60] = 0x7f;
    const { errors, ids } = await decode(bytes);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /file header: header checksum mismatch \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)$/,
      ),
    ]);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads the records before the cut of a truncated file and names what is missing', async () => {
    const full = sampleFile();
    const [, second] = recordOffsets(full, FILE_HEADER_SIZE);
    const { errors, ids, file } = await decode(full.subarray(0, second! + 40));
    expect(ids).toEqual([1]);
    const messages = errors.map((e) => e.message);
    expect(messages[0]).toBe(
      `${file}: chunk 0: truncated to ${second! + 40 - FILE_HEADER_SIZE} of ${CHUNK_SIZE} bytes`,
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/chunk 0: free space offset \d+ lies outside the chunk data/),
    );
    expect(errors.at(-1)).toEqual({
      chunk: 0,
      recordId: 2,
      message: expect.stringMatching(
        /chunk 0: record 2 at chunk offset \d+: record size \d+ runs past the end of the record data/,
      ),
    });
  });

  it('reads every chunk of a dirty file whose header lags behind, and skips never-written chunks', async () => {
    const written = sampleFile();
    written.writeUInt16LE(1, 42); // the header still counts one chunk
    written.writeUInt32LE(1, 120); // dirty flag
    written.writeUInt32LE(crc32(written.subarray(0, 120)), 124);
    const { errors, ids } = await decode(Buffer.concat([written, Buffer.alloc(CHUNK_SIZE)]));
    expect(errors).toEqual([]);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
  });

  it('reports an empty file as a truncated header', async () => {
    const { errors, records, file } = await decode(Buffer.alloc(0));
    expect(records).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual([
      `${file}: file header: file header truncated: 0 of 4096 bytes`,
    ]);
  });

  it('rejects a missing file', async () => {
    await expect(readAllEvtx(join(dir, 'absent.evtx'))).rejects.toThrow(/ENOENT/);
  });
});

describe('EVTX chunk-level damage', () => {
  it('skips a garbage chunk between good ones', async () => {
    const good = sampleFile();
    const garbage = Buffer.alloc(CHUNK_SIZE, 0x5a);
    const bytes = Buffer.concat([
      good.subarray(0, FILE_HEADER_SIZE + CHUNK_SIZE),
      garbage,
      good.subarray(FILE_HEADER_SIZE + CHUNK_SIZE),
    ]);
    const { errors, ids, file } = await decode(bytes);
    expect(errors).toEqual([
      { chunk: 1, message: `${file}: chunk 1: bad chunk signature "ZZZZZZZZ", chunk skipped` },
    ]);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
  });

  it('survives a chunk whose signature is right but whose body is garbage', async () => {
    const good = sampleFile();
    const garbage = Buffer.alloc(CHUNK_SIZE);
    for (let i = 0; i < CHUNK_SIZE; i++) garbage[i] = (i * 2654435761) >>> 24;
    garbage.write('ElfChnk\0', 0, 'latin1');
    const bytes = Buffer.concat([good.subarray(0, FILE_HEADER_SIZE + CHUNK_SIZE), garbage]);
    const { errors, ids } = await decode(bytes);
    expect(ids).toEqual([1, 2, 3]);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors)
      expect(error).toMatchObject({ chunk: 1, message: expect.stringContaining('chunk 1:') });
  });

  it('reports a records checksum mismatch and still decodes the records', async () => {
    const bytes = sampleFile();
    const [first] = recordOffsets(bytes, FILE_HEADER_SIZE);
    bytes.writeUInt8(bytes.readUInt8(first! + 16) ^ 0xff, first! + 16); // written time: not part of the event
    const { errors, ids } = await decode(bytes);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/chunk 0: records checksum mismatch/),
    ]);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('EVTX record-level damage', () => {
  it('resumes at the next record after a broken record signature', async () => {
    const bytes = sampleFile();
    const [, second] = recordOffsets(bytes, FILE_HEADER_SIZE);
    bytes.write('XXXX', second!, 'latin1');
    const { errors, ids, file } = await decode(bytes);
    expect(ids).toEqual([1, 3, 4, 5]);
    expect(errors.map((e) => e.message)).toContainEqual(
      `${file}: chunk 0: record at chunk offset ${second! - FILE_HEADER_SIZE}: bad record signature 0x58585858`,
    );
  });

  it('reports undecodable BinXML in one record and decodes its neighbours', async () => {
    const bytes = sampleFile();
    const [, second] = recordOffsets(bytes, FILE_HEADER_SIZE);
    bytes[second! + 24] = 0x3f; // first token of the event
    const { errors, ids } = await decode(bytes);
    expect(ids).toEqual([1, 3, 4, 5]);
    expect(errors).toContainEqual({
      chunk: 0,
      recordId: 2,
      message: expect.stringMatching(
        /chunk 0: record 2 at chunk offset \d+: unknown BinXML token 0x3f at offset \d+$/,
      ),
    });
  });

  it('reports a template definition offset outside the chunk', async () => {
    const bytes = sampleFile();
    const [first] = recordOffsets(bytes, FILE_HEADER_SIZE);
    bytes.writeUInt32LE(0xffffff00, first! + 24 + 4 + 6); // fragment header, then token, version, template id
    const { errors, ids } = await decode(bytes);
    expect(ids).toEqual([2, 3, 4, 5]);
    expect(errors).toContainEqual(
      expect.objectContaining({
        recordId: 1,
        message: expect.stringContaining(`template definition at offset ${0xffffff00}`),
      }),
    );
  });
});

describe('EVTX bounds on hostile structure', () => {
  const nestedTemplate: Element = { name: 'Nest', children: [{ slot: 0, type: T.BinXml }] };
  function nestedValue(depth: number): Value {
    let value: Value = { type: T.String, bytes: Buffer.from('bottom\0', 'utf16le') };
    for (let level = 0; level < depth; level++)
      value = { type: T.BinXml, instance: { templateOf: 0, values: [value] } };
    return value;
  }

  it('decodes moderately nested template instances and refuses deeper ones', async () => {
    const { errors, records } = await decode(
      evtxFile([
        [
          { recordId: 1, template: nestedTemplate, values: [nestedValue(2)] },
          { recordId: 2, template: nestedTemplate, values: [nestedValue(40)], templateOf: 0 },
          image(3),
        ],
      ]),
    );
    expect(records[0]!.event).toEqual({ Nest: { Nest: { Nest: 'bottom' } } });
    expect(records.map((r) => r.recordId)).toEqual([1, 3]);
    expect(errors).toEqual([
      expect.objectContaining({
        recordId: 2,
        message: expect.stringContaining('template instances nested deeper than 16 levels'),
      }),
    ]);
  });

  it('refuses elements nested too deeply', async () => {
    let deep: Element = { name: 'Leaf', children: ['x'] };
    for (let level = 0; level < 300; level++) deep = { name: 'Level', children: [deep] };
    const { errors, ids } = await decode(evtxFile([[{ recordId: 1, template: deep, values: [] }, image(2)]]));
    expect(ids).toEqual([2]);
    expect(errors).toEqual([
      expect.objectContaining({
        recordId: 1,
        message: expect.stringContaining('elements nested deeper than 256 levels'),
      }),
    ]);
  });

  it('refuses array values that would expand into too many elements', async () => {
    const template: Element = {
      name: 'Event',
      children: [
        {
          name: 'Pair',
          attributes: [['a', { slot: 0, type: T.UInt8 | T.Array }]],
          children: [{ slot: 1, type: T.UInt8 | T.Array }],
        },
      ],
    };
    const items = Buffer.alloc(200, 7);
    const values: Value[] = [
      { type: T.UInt8 | T.Array, bytes: items },
      { type: T.UInt8 | T.Array, bytes: items },
    ];
    const { errors, ids } = await decode(evtxFile([[{ recordId: 1, template, values }, image(2)]]));
    expect(ids).toEqual([2]);
    expect(errors).toEqual([
      expect.objectContaining({
        recordId: 1,
        message: expect.stringContaining('array values expand element "Pair" to more than 10000 elements'),
      }),
    ]);
  });

  it('finishes quickly on hundreds of randomly damaged copies, every problem reported as a located error', async () => {
    const original = sampleFile();
    let seed = 12345;
    const random = (limit: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % limit;
    };
    let decoded = 0;
    let reported = 0;
    const started = performance.now();
    for (let round = 0; round < 300; round++) {
      const bytes = Buffer.from(original);
      const flips = 1 + random(8);
      for (let i = 0; i < flips; i++) {
        const region = random(3);
        const at =
          region === 0
            ? random(128)
            : FILE_HEADER_SIZE +
              random(2) * CHUNK_SIZE +
              (region === 1 ? random(CHUNK_HEADER_SIZE) : CHUNK_HEADER_SIZE + random(600));
        bytes[at] = random(256);
      }
      const { records, errors, file } = await decode(bytes);
      decoded += records.length;
      reported += errors.length;
      for (const error of errors) expect(error.message.startsWith(`${file}: `)).toBe(true);
      for (const record of records) expect(Object.keys(record.event)).toHaveLength(1);
    }
    expect(decoded).toBeGreaterThan(0);
    expect(reported).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});
