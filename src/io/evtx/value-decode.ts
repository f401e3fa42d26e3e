// Decodes typed BinXML values (template substitution data and value tokens) into content nodes.
import type { ByteReader } from './byte-reader.js';
import { EvtxFormatError } from './format-error.js';
import { utf16Text } from './utf16-text.js';
import {
  binaryText,
  filetimeText,
  floatText,
  guidText,
  hexText,
  sidLength,
  sidText,
  systemtimeText,
} from './value-text.js';
import type { ScalarNode, SubstitutionValue, TextNode } from './xml-tree.js';

const ValueType = {
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
} as const;

const ARRAY_FLAG = 0x80;
const EMPTY: TextNode = { kind: 'text', text: '' };
const ANSI = new TextDecoder('windows-1252');

/** Byte width of the fixed-size value types. */
const FIXED_WIDTH = new Map<number, number>([
  [ValueType.Int8, 1],
  [ValueType.UInt8, 1],
  [ValueType.Int16, 2],
  [ValueType.UInt16, 2],
  [ValueType.Int32, 4],
  [ValueType.UInt32, 4],
  [ValueType.Int64, 8],
  [ValueType.UInt64, 8],
  [ValueType.Real32, 4],
  [ValueType.Real64, 8],
  [ValueType.Bool, 4],
  [ValueType.Guid, 16],
  [ValueType.FileTime, 8],
  [ValueType.SystemTime, 16],
  [ValueType.HexInt32, 4],
  [ValueType.HexInt64, 8],
]);

/** Decodes a substitution value of `type` stored in bytes[start, start + size). */
export function decodeSubstitution(
  bytes: Buffer,
  start: number,
  size: number,
  type: number,
): SubstitutionValue {
  const end = start + size;
  if (type & ARRAY_FLAG) return { kind: 'array', items: decodeArray(bytes, start, end, type & ~ARRAY_FLAG) };
  switch (type) {
    case ValueType.Null:
      return EMPTY;
    case ValueType.String:
      return text(utf16Text(bytes, start, end));
    case ValueType.AnsiString:
      return text(ansiWithoutNuls(bytes, start, end));
    case ValueType.Binary:
      return text(binaryText(bytes, start, end));
    case ValueType.Sid:
      return text(sidText(bytes, start, end));
    case ValueType.SizeT:
      return sizeT(bytes, start, size);
    case ValueType.BinXml:
      return { kind: 'binxml', start, end };
    default: {
      const width = FIXED_WIDTH.get(type);
      if (width === undefined) throw new EvtxFormatError(`unsupported value type ${typeText(type)}`);
      if (size < width) {
        throw new EvtxFormatError(`value of type ${typeText(type)} needs ${width} bytes but has ${size}`);
      }
      return fixedScalar(bytes, start, type);
    }
  }
}

/** Reads the value of a value token (its type byte already read): a counted UTF-16 string or a fixed-size value. */
export function readTokenValue(reader: ByteReader, type: number): ScalarNode {
  if (type === ValueType.String) return text(readCountedString(reader, 'string value'));
  if (type === ValueType.Sid) {
    const at = reader.take(8, 'SID');
    reader.take(sidLength(reader.bytes, at) - 8, 'SID sub-authorities');
    return text(sidText(reader.bytes, at, reader.pos));
  }
  const width = FIXED_WIDTH.get(type);
  if (width === undefined)
    throw new EvtxFormatError(`unsupported value type ${typeText(type)} in a value token`);
  return fixedScalar(reader.bytes, reader.take(width, `value of type ${typeText(type)}`), type);
}

/** A string stored as a 16-bit character count and that many UTF-16LE characters. */
export function readCountedString(reader: ByteReader, what: string): string {
  const count = reader.u16(`${what} length`);
  const start = reader.take(2 * count, what);
  return utf16Text(reader.bytes, start, reader.pos);
}

function fixedScalar(bytes: Buffer, at: number, type: number): ScalarNode {
  switch (type) {
    case ValueType.Int8:
      return int(bytes.readInt8(at));
    case ValueType.UInt8:
      return int(bytes[at]!);
    case ValueType.Int16:
      return int(bytes.readInt16LE(at));
    case ValueType.UInt16:
      return int(bytes.readUInt16LE(at));
    case ValueType.Int32:
      return int(bytes.readInt32LE(at));
    case ValueType.UInt32:
      return int(bytes.readUInt32LE(at));
    case ValueType.Int64:
      return int(exactNumber(bytes.readBigInt64LE(at)));
    case ValueType.UInt64:
      return int(exactNumber(bytes.readBigUInt64LE(at)));
    case ValueType.Real32:
      return text(floatText(bytes.readFloatLE(at), true));
    case ValueType.Real64:
      return text(floatText(bytes.readDoubleLE(at), false));
    case ValueType.Bool:
      return { kind: 'bool', value: bytes.readInt32LE(at) !== 0 };
    case ValueType.Guid:
      return text(guidText(bytes, at));
    case ValueType.FileTime:
      return text(filetimeText(bytes.readBigUInt64LE(at)));
    case ValueType.SystemTime:
      return text(systemtimeText(bytes, at));
    case ValueType.HexInt32:
      return text(hexText(bytes.readUInt32LE(at)));
    default:
      return text(hexText(bytes.readBigUInt64LE(at)));
  }
}

function decodeArray(bytes: Buffer, start: number, end: number, itemType: number): ScalarNode[] {
  switch (itemType) {
    case ValueType.String:
      return splitAtNuls(bytes.toString('utf16le', start, start + ((end - start) & ~1)));
    case ValueType.AnsiString:
      return splitAtNuls(ANSI.decode(bytes.subarray(start, end)));
    case ValueType.Sid: {
      const items: ScalarNode[] = [];
      for (let at = start; at + 8 <= end; at += sidLength(bytes, at)) {
        items.push(text(sidText(bytes, at, Math.min(end, at + sidLength(bytes, at)))));
      }
      return items;
    }
    default: {
      const width = FIXED_WIDTH.get(itemType);
      if (width === undefined)
        throw new EvtxFormatError(`unsupported array value type ${typeText(itemType | ARRAY_FLAG)}`);
      const items: ScalarNode[] = [];
      for (let at = start; at + width <= end; at += width) items.push(fixedScalar(bytes, at, itemType));
      return items;
    }
  }
}

/** Items of a NUL-terminated string list; a final terminator does not start another item. */
function splitAtNuls(joined: string): TextNode[] {
  if (joined === '') return [];
  const items = joined.split('\0');
  if (joined.endsWith('\0')) items.pop();
  return items.map(text);
}

function sizeT(bytes: Buffer, start: number, size: number): TextNode {
  if (size === 4) return text(hexText(bytes.readUInt32LE(start)));
  if (size === 8) return text(hexText(bytes.readBigUInt64LE(start)));
  throw new EvtxFormatError(`SizeT value of ${size} bytes (expected 4 or 8)`);
}

function ansiWithoutNuls(bytes: Buffer, start: number, end: number): string {
  return ANSI.decode(bytes.subarray(start, end).filter((byte) => byte !== 0));
}

/** A 64-bit integer as a number when that is exact, else as a bigint (whose text stays exact). */
function exactNumber(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

function int(value: number | bigint): ScalarNode {
  return { kind: 'int', value };
}

function text(value: string): TextNode {
  return { kind: 'text', text: value };
}

function typeText(type: number): string {
  return `0x${type.toString(16).padStart(2, '0')}`;
}
