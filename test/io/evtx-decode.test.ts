// EVTX decoding of built files: typed values, template substitutions, arrays, nested BinXML and JSON shaping.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Element,
  evtxFile,
  type RecordSpec,
  type Slot,
  VALUE_TYPE as T,
  type Value,
} from './helpers/evtx-builder.js';
import { readAllEvtx } from './helpers/read-all-evtx.js';

const dir = mkdtempSync(join(tmpdir(), 'evtx-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
async function decode(chunks: RecordSpec[][]) {
  const file = join(dir, `built-${fileCount++}.evtx`);
  writeFileSync(file, evtxFile(chunks));
  return readAllEvtx(file);
}

async function decodeOne(template: Element, values: Value[]): Promise<Record<string, unknown>> {
  const { records, errors } = await decode([[{ recordId: 1, template, values }]]);
  expect(errors).toEqual([]);
  expect(records).toHaveLength(1);
  return records[0]!.event;
}

const slot = (index: number, type: number, optional = false): Slot => ({ slot: index, type, optional });
const bytes = (...values: number[]): Buffer => Buffer.from(values);
const value = (type: number, data: Buffer): Value => ({ type, bytes: data });
const text = (s: string): Value => value(T.String, Buffer.from(`${s}\0`, 'utf16le'));
const nul: Value = value(T.Null, Buffer.alloc(0));
function number(type: number, size: number, write: (b: Buffer) => void): Value {
  const data = Buffer.alloc(size);
  write(data);
  return value(type, data);
}
const uint16 = (n: number) => number(T.UInt16, 2, (b) => b.writeUInt16LE(n));
const uint32 = (n: number) => number(T.UInt32, 4, (b) => b.writeUInt32LE(n));

/** The GUID 54849625-5478-4994-A5BA-3E3B0328C30D as stored (first three groups little-endian). */
const GUID = bytes(
  0x25,
  0x96,
  0x84,
  0x54,
  0x78,
  0x54,
  0x94,
  0x49,
  0xa5,
  0xba,
  0x3e,
  0x3b,
  0x03,
  0x28,
  0xc3,
  0x0d,
);
/** S-1-5-21-2555720767-1205513275-3893774561-1001 */
function sid(): Buffer {
  const data = Buffer.alloc(8 + 4 * 5);
  data.set([1, 5, 0, 0, 0, 0, 0, 5]);
  [21, 2555720767, 1205513275, 3893774561, 1001].forEach((sub, i) => {
    data.writeUInt32LE(sub, 8 + 4 * i);
  });
  return data;
}
function filetime(isoSeconds: string, hundredNanoseconds: bigint): Buffer {
  const ticks = BigInt(Date.parse(isoSeconds)) * 10_000n + hundredNanoseconds + 116_444_736_000_000_000n;
  const data = Buffer.alloc(8);
  data.writeBigUInt64LE(ticks);
  return data;
}
function systemtime(...fields: number[]): Buffer {
  const data = Buffer.alloc(16);
  fields.forEach((field, i) => {
    data.writeUInt16LE(field, 2 * i);
  });
  return data;
}

const data = (name: string, content: Slot | string): Element => ({
  name: 'Data',
  attributes: [['Name', name]],
  children: [content],
});

describe('EVTX System section', () => {
  it('renders providers, GUIDs, hex keywords, FILETIMEs, SIDs and drops empty optional attributes', async () => {
    const template: Element = {
      name: 'Event',
      attributes: [['xmlns', 'http://schemas.microsoft.com/win/2004/08/events/event']],
      children: [
        {
          name: 'System',
          children: [
            {
              name: 'Provider',
              attributes: [
                ['Name', slot(0, T.String)],
                ['Guid', slot(1, T.Guid)],
              ],
            },
            {
              name: 'EventID',
              attributes: [['Qualifiers', slot(2, T.UInt16, true)]],
              children: [slot(3, T.UInt16)],
            },
            { name: 'Keywords', children: [slot(4, T.HexInt64)] },
            { name: 'TimeCreated', attributes: [['SystemTime', slot(5, T.FileTime)]] },
            { name: 'Correlation', attributes: [['ActivityID', slot(6, T.Guid, true)]] },
            { name: 'Security', attributes: [['UserID', slot(7, T.Sid, true)]] },
          ],
        },
      ],
    };
    const keywords = Buffer.alloc(8);
    keywords.writeBigUInt64LE(0x8020000000000000n);
    const event = await decodeOne(template, [
      text('Microsoft-Windows-Security-Auditing'),
      value(T.Guid, GUID),
      nul,
      uint16(4688),
      value(T.HexInt64, keywords),
      value(T.FileTime, filetime('2026-04-20T10:00:35Z', 6_466_247n)),
      nul,
      value(T.Sid, sid()),
    ]);
    expect(event).toEqual({
      Event: {
        '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
        System: {
          Provider: {
            '#attributes': {
              Name: 'Microsoft-Windows-Security-Auditing',
              Guid: '54849625-5478-4994-A5BA-3E3B0328C30D',
            },
          },
          EventID: 4688,
          Keywords: '0x8020000000000000',
          TimeCreated: { '#attributes': { SystemTime: '2026-04-20T10:00:35.646624Z' } },
          Correlation: null,
          Security: { '#attributes': { UserID: 'S-1-5-21-2555720767-1205513275-3893774561-1001' } },
        },
      },
    });
  });

  it('keeps text beside attributes under #text', async () => {
    const template: Element = {
      name: 'Event',
      children: [
        { name: 'EventID', attributes: [['Qualifiers', slot(0, T.UInt16)]], children: [slot(1, T.UInt16)] },
      ],
    };
    const event = await decodeOne(template, [uint16(16384), uint16(7036)]);
    expect(event).toEqual({ Event: { EventID: { '#attributes': { Qualifiers: 16384 }, '#text': 7036 } } });
  });
});

describe('EVTX EventData values', () => {
  it('renders every scalar value type the way evtx_dump does', async () => {
    const fields: [string, Value][] = [
      ['Int8', number(T.Int8, 1, (b) => b.writeInt8(-5))],
      ['UInt8', number(T.UInt8, 1, (b) => b.writeUInt8(200))],
      ['Int16', number(T.Int16, 2, (b) => b.writeInt16LE(-300))],
      ['UInt16', uint16(65000)],
      ['Int32', number(T.Int32, 4, (b) => b.writeInt32LE(-70000))],
      ['UInt32', uint32(4_000_000_000)],
      ['Int64', number(T.Int64, 8, (b) => b.writeBigInt64LE(-9_007_199_254_740_993n))],
      ['UInt64', number(T.UInt64, 8, (b) => b.writeBigUInt64LE(18_446_744_073_709_551_615n))],
      ['Real32', number(T.Real32, 4, (b) => b.writeFloatLE(1.5))],
      ['Real64', number(T.Real64, 8, (b) => b.writeDoubleLE(0.1))],
      ['Real64Whole', number(T.Real64, 8, (b) => b.writeDoubleLE(100))],
      ['Real64Large', number(T.Real64, 8, (b) => b.writeDoubleLE(1e21))],
      ['Bool', number(T.Bool, 4, (b) => b.writeInt32LE(1))],
      ['Binary', value(T.Binary, bytes(0xde, 0xad, 0xbe, 0xef))],
      ['SizeT', number(T.SizeT, 8, (b) => b.writeBigUInt64LE(0x7ff6_1234n))],
      ['HexInt32', number(T.HexInt32, 4, (b) => b.writeUInt32LE(0x3144c))],
      ['SystemTime', value(T.SystemTime, systemtime(2024, 2, 4, 29, 13, 14, 15, 678))],
      ['ZeroSystemTime', value(T.SystemTime, systemtime(0, 0, 0, 0, 0, 0, 0, 0))],
      ['Ansi', value(T.AnsiString, bytes(0x63, 0x61, 0x66, 0xe9, 0x00))],
      ['Trailing', value(T.String, Buffer.from('cmd.exe /c  \0junk', 'utf16le'))],
      ['Empty', value(T.String, Buffer.alloc(0))],
      ['Null', nul],
      ['Guid', value(T.Guid, GUID)],
      ['Sid', value(T.Sid, sid())],
    ];
    const template: Element = {
      name: 'Event',
      children: [{ name: 'EventData', children: fields.map(([name], i) => data(name, slot(i, T.Null))) }],
    };
    const event = await decodeOne(
      template,
      fields.map(([, v]) => v),
    );
    expect(event).toEqual({
      Event: {
        EventData: {
          Int8: -5,
          UInt8: 200,
          Int16: -300,
          UInt16: 65000,
          Int32: -70000,
          UInt32: 4_000_000_000,
          Int64: JSON.parse('-9007199254740993'),
          UInt64: JSON.parse('18446744073709551615'),
          Real32: '1.5',
          Real64: '0.1',
          Real64Whole: '100.0',
          Real64Large: '1e21',
          Bool: true,
          Binary: 'DEADBEEF',
          SizeT: '0x7ff61234',
          HexInt32: '0x3144c',
          SystemTime: '2024-02-29T13:14:15.678000Z',
          ZeroSystemTime: '1601-01-01T00:00:00.000000Z',
          Ansi: 'café',
          Trailing: 'cmd.exe /c',
          Empty: '',
          Null: '',
          Guid: '54849625-5478-4994-A5BA-3E3B0328C30D',
          Sid: 'S-1-5-21-2555720767-1205513275-3893774561-1001',
        },
      },
    });
  });

  it('lists unnamed Data under Data.#text and keeps other EventData children', async () => {
    const template: Element = {
      name: 'Event',
      children: [
        {
          name: 'EventData',
          children: [
            { name: 'Data', children: [slot(0, T.String)] },
            { name: 'Data', children: [slot(1, T.UInt32)] },
            { name: 'Binary', children: [slot(2, T.Binary)] },
          ],
        },
      ],
    };
    const event = await decodeOne(template, [text('first'), uint32(2), value(T.Binary, bytes(0x00, 0xff))]);
    expect(event).toEqual({ Event: { EventData: { Data: { '#text': ['first', 2] }, Binary: '00FF' } } });

    const single = await decodeOne(
      { name: 'Event', children: [{ name: 'EventData', children: [{ name: 'Data', children: ['only'] }] }] },
      [],
    );
    expect(single).toEqual({ Event: { EventData: { Data: { '#text': 'only' } } } });
  });

  it('suffixes repeated element names with _1, _2 outside data containers', async () => {
    const template: Element = {
      name: 'Event',
      children: [
        { name: 'Headers', children: ['a', 'b', 'c'].map((h) => ({ name: 'Header', children: [h] })) },
      ],
    };
    expect(await decodeOne(template, [])).toEqual({
      Event: { Headers: { Header: 'a', Header_1: 'b', Header_2: 'c' } },
    });
  });

  it('repeats an element per item of an array value; a one-item array stays text', async () => {
    const items = Buffer.alloc(12);
    [1, 2, 3].forEach((n, i) => {
      items.writeUInt32LE(n, 4 * i);
    });
    const template: Element = {
      name: 'Event',
      children: [
        { name: 'Items', children: [{ name: 'Item', children: [slot(0, T.UInt32 | T.Array)] }] },
        { name: 'Names', children: [{ name: 'Name', children: [slot(1, T.String | T.Array)] }] },
        { name: 'Single', children: [slot(2, T.UInt32 | T.Array)] },
      ],
    };
    const event = await decodeOne(template, [
      value(T.UInt32 | T.Array, items),
      value(T.String | T.Array, Buffer.from('x\0\0z\0', 'utf16le')),
      value(T.UInt32 | T.Array, items.subarray(0, 4)),
    ]);
    expect(event).toEqual({
      Event: {
        Items: { Item: 1, Item_1: 2, Item_2: 3 },
        Names: { Name: 'x', Name_1: null, Name_2: 'z' },
        Single: '1',
      },
    });
  });

  it('decodes nested BinXML substitutions such as UserData', async () => {
    const template: Element = {
      name: 'Event',
      children: [{ name: 'UserData', children: [slot(0, T.BinXml)] }],
    };
    const event = await decodeOne(template, [
      {
        type: T.BinXml,
        element: {
          name: 'LogFileCleared',
          attributes: [['xmlns', 'http://manifests.microsoft.com/win/2004/08/windows/eventlog']],
          children: [{ name: 'SubjectUserName', children: ['bob'] }],
        },
      },
    ]);
    expect(event).toEqual({
      Event: {
        UserData: {
          LogFileCleared: {
            '#attributes': { xmlns: 'http://manifests.microsoft.com/win/2004/08/windows/eventlog' },
            SubjectUserName: 'bob',
          },
        },
      },
    });
  });

  it('keeps keys like __proto__ as own data without touching any prototype', async () => {
    const template: Element = {
      name: 'Event',
      children: [
        { name: '__proto__', children: ['element'] },
        { name: 'EventData', children: [data('__proto__', slot(0, T.String)), data('constructor', 'kept')] },
      ],
    };
    const event = await decodeOne(template, [text('polluted')]);
    const root = event.Event as Record<string, unknown>;
    const eventData = root.EventData as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(root, '__proto__')?.value).toBe('element');
    expect(Object.getOwnPropertyDescriptor(eventData, '__proto__')?.value).toBe('polluted');
    expect(Object.getPrototypeOf(eventData)).toBe(Object.prototype);
    expect(eventData.constructor).toBe('kept');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('EVTX templates across records and chunks', () => {
  it('reuses a template definition stored by an earlier record and reads every chunk', async () => {
    const template: Element = {
      name: 'Event',
      children: [{ name: 'EventData', children: [data('Image', slot(0, T.String))] }],
    };
    const { records, errors } = await decode([
      [
        { recordId: 1, template, values: [text('a.exe')] },
        { recordId: 2, template, values: [text('b.exe')], templateOf: 0 },
      ],
      [{ recordId: 3, template, values: [text('c.exe')] }],
    ]);
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.recordId, r.event])).toEqual([
      [1, { Event: { EventData: { Image: 'a.exe' } } }],
      [2, { Event: { EventData: { Image: 'b.exe' } } }],
      [3, { Event: { EventData: { Image: 'c.exe' } } }],
    ]);
  });
});
