// Test helper: writes small, well-formed EVTX files (file header, chunks, templated records) with valid checksums.
import { crc32 } from 'node:zlib';

const FILE_HEADER_SIZE = 4096;
const CHUNK_SIZE = 65536;
const CHUNK_HEADER_SIZE = 512;

/** A substitution slot in a template: `%{index}` of the instance's values. */
export interface Slot {
  slot: number;
  type: number;
  optional?: boolean;
}

export interface Element {
  name: string;
  attributes?: [string, string | Slot][];
  children?: (Element | string | Slot)[];
}

/**
 * A substitution value: raw bytes of a value type, or nested BinXML (type 0x21) holding an element or an instance
 * of the template that an earlier record of the chunk defined.
 */
export type Value =
  | { type: number; bytes: Buffer }
  | { type: 0x21; element: Element }
  | { type: 0x21; instance: { templateOf: number; values: Value[] } };

export interface RecordSpec {
  recordId: number;
  template: Element;
  values: Value[];
  /** Reuse the template definition written by this earlier record of the same chunk instead of writing one. */
  templateOf?: number;
}

export const VALUE_TYPE = {
  Null: 0x00,
  String: 0x01,
  AnsiString: 0x02,
  Int8: 0x03,
  UInt8: 0x04,
  Int16: 0x05,
  UInt16: 0x06,
  Int32: 0x07,
  UInt32: 0x08,
  Int64: 0x09,
  UInt64: 0x0a,
  Real32: 0x0b,
  Real64: 0x0c,
  Bool: 0x0d,
  Binary: 0x0e,
  Guid: 0x0f,
  SizeT: 0x10,
  FileTime: 0x11,
  SystemTime: 0x12,
  Sid: 0x13,
  HexInt32: 0x14,
  HexInt64: 0x15,
  BinXml: 0x21,
  Array: 0x80,
} as const;

/** A whole file: the header followed by one chunk per entry of `chunks`. */
export function evtxFile(chunks: RecordSpec[][]): Buffer {
  const body = chunks.map(chunkBytes);
  const header = Buffer.alloc(FILE_HEADER_SIZE);
  header.write('ElfFile\0', 0, 'latin1');
  header.writeBigUInt64LE(BigInt(Math.max(0, chunks.length - 1)), 16);
  const lastId = Math.max(0, ...chunks.flat().map((record) => record.recordId));
  header.writeBigUInt64LE(BigInt(lastId + 1), 24);
  header.writeUInt32LE(128, 32);
  header.writeUInt16LE(2, 36);
  header.writeUInt16LE(3, 38);
  header.writeUInt16LE(FILE_HEADER_SIZE, 40);
  header.writeUInt16LE(chunks.length, 42);
  header.writeUInt32LE(crc32(header.subarray(0, 120)), 124);
  return Buffer.concat([header, ...body]);
}

/** One 64 KiB chunk holding the records. */
export function chunkBytes(records: RecordSpec[]): Buffer {
  const out = new ChunkWriter();
  out.pos = CHUNK_HEADER_SIZE;
  const templateOffsets: number[] = [];
  let lastRecordOffset = CHUNK_HEADER_SIZE;
  for (const record of records) {
    lastRecordOffset = out.pos;
    writeRecord(out, record, templateOffsets);
  }
  const chunk = out.bytes;
  chunk.write('ElfChnk\0', 0, 'latin1');
  const ids = records.map((record) => BigInt(record.recordId));
  chunk.writeBigUInt64LE(ids[0] ?? 0n, 8);
  chunk.writeBigUInt64LE(ids.at(-1) ?? 0n, 16);
  chunk.writeBigUInt64LE(ids[0] ?? 0n, 24);
  chunk.writeBigUInt64LE(ids.at(-1) ?? 0n, 32);
  chunk.writeUInt32LE(128, 40);
  chunk.writeUInt32LE(lastRecordOffset, 44);
  chunk.writeUInt32LE(out.pos, 48);
  chunk.writeUInt32LE(crc32(chunk.subarray(CHUNK_HEADER_SIZE, out.pos)), 52);
  chunk.writeUInt32LE(crc32(chunk.subarray(128, CHUNK_HEADER_SIZE), crc32(chunk.subarray(0, 120))), 124);
  return chunk;
}

class ChunkWriter {
  readonly bytes = Buffer.alloc(CHUNK_SIZE);
  pos = 0;

  u8(value: number): void {
    this.pos = this.bytes.writeUInt8(value, this.pos);
  }

  u16(value: number): void {
    this.pos = this.bytes.writeUInt16LE(value, this.pos);
  }

  u32(value: number): void {
    this.pos = this.bytes.writeUInt32LE(value, this.pos);
  }

  u64(value: bigint): void {
    this.pos = this.bytes.writeBigUInt64LE(value, this.pos);
  }

  raw(bytes: Buffer): void {
    this.pos += bytes.copy(this.bytes, this.pos);
  }

  /** Writes a 32-bit placeholder and returns a function that fills it with the bytes written since. */
  sizeField(): () => void {
    const at = this.pos;
    this.u32(0);
    return () => this.bytes.writeUInt32LE(this.pos - at - 4, at);
  }
}

/** Writes the record and appends the chunk offset of the template definition it uses to `templateOffsets`. */
function writeRecord(out: ChunkWriter, record: RecordSpec, templateOffsets: number[]): void {
  const start = out.pos;
  out.raw(Buffer.from([0x2a, 0x2a, 0, 0]));
  out.u32(0);
  out.u64(BigInt(record.recordId));
  out.u64(133_000_000_000_000_000n);
  const reused = record.templateOf === undefined ? undefined : templateOffsets[record.templateOf];
  writeTemplateInstance(out, record.template, reused, record.values, templateOffsets, (definition) =>
    templateOffsets.push(definition),
  );
  const size = out.pos - start + 4;
  out.u32(size);
  out.bytes.writeUInt32LE(size, start + 4);
}

/**
 * A fragment holding a template instance, with the definition inline unless `reused` gives its offset;
 * `onDefinition` learns the definition's offset before the values (which may refer to it) are written.
 */
function writeTemplateInstance(
  out: ChunkWriter,
  template: Element | undefined,
  reused: number | undefined,
  values: Value[],
  templateOffsets: number[],
  onDefinition: (offset: number) => void = () => {},
): void {
  fragmentHeader(out);
  out.u8(0x0c);
  out.u8(0x01);
  out.u32(0x1234);
  const definition = reused ?? out.pos + 4;
  out.u32(definition);
  onDefinition(definition);
  if (reused === undefined) {
    if (!template) throw new Error('a template instance needs a template or a reused definition');
    out.u32(0);
    out.raw(Buffer.alloc(16, definition & 0xff));
    const fillSize = out.sizeField();
    fragmentHeader(out);
    writeElement(out, template, true);
    out.u8(0x00);
    fillSize();
  }
  writeValues(out, values, templateOffsets);
  out.u8(0x00);
}

function writeValues(out: ChunkWriter, values: Value[], templateOffsets: number[]): void {
  out.u32(values.length);
  const descriptors = out.pos;
  out.pos += 4 * values.length;
  values.forEach((value, index) => {
    const start = out.pos;
    if ('element' in value) {
      fragmentHeader(out);
      writeElement(out, value.element, false);
      out.u8(0x00);
    } else if ('instance' in value) {
      const { templateOf, values: nested } = value.instance;
      writeTemplateInstance(out, undefined, templateOffsets[templateOf], nested, templateOffsets);
    } else out.raw(value.bytes);
    out.bytes.writeUInt16LE(out.pos - start, descriptors + 4 * index);
    out.bytes.writeUInt8(value.type, descriptors + 4 * index + 2);
  });
}

function fragmentHeader(out: ChunkWriter): void {
  out.raw(Buffer.from([0x0f, 0x01, 0x01, 0x00]));
}

function writeElement(out: ChunkWriter, element: Element, dependencyId: boolean): void {
  const attributes = element.attributes ?? [];
  out.u8(attributes.length > 0 ? 0x41 : 0x01);
  if (dependencyId) out.u16(0xffff);
  const fillSize = out.sizeField();
  writeName(out, element.name);
  if (attributes.length > 0) {
    const fillListSize = out.sizeField();
    attributes.forEach(([name, value], index) => {
      out.u8(index < attributes.length - 1 ? 0x46 : 0x06);
      writeName(out, name);
      writeContent(out, value, dependencyId);
    });
    fillListSize();
  }
  const children = element.children ?? [];
  if (children.length === 0) out.u8(0x03);
  else {
    out.u8(0x02);
    for (const child of children) writeContent(out, child, dependencyId);
    out.u8(0x04);
  }
  fillSize();
}

function writeContent(out: ChunkWriter, content: Element | string | Slot, dependencyId: boolean): void {
  if (typeof content === 'string') {
    out.u8(0x05);
    out.u8(0x01);
    out.u16(content.length);
    out.raw(Buffer.from(content, 'utf16le'));
  } else if ('slot' in content) {
    out.u8(content.optional ? 0x0e : 0x0d);
    out.u16(content.slot);
    out.u8(content.type);
  } else writeElement(out, content, dependencyId);
}

/** An inline name: its offset is where it is stored, right after the reference. */
function writeName(out: ChunkWriter, name: string): void {
  out.u32(out.pos + 4);
  out.u32(0);
  out.u16(0);
  out.u16(name.length);
  out.raw(Buffer.from(name, 'utf16le'));
  out.u16(0);
}
