// Locates the event records of a chunk: signature, size and its trailing copy, identifier and BinXML range.
import { CHUNK_HEADER_SIZE } from './chunk-header.js';

const RECORD_SIGNATURE = Buffer.from([0x2a, 0x2a, 0x00, 0x00]);
const RECORD_HEADER_SIZE = 24;
const MIN_RECORD_SIZE = RECORD_HEADER_SIZE + 4;

export interface RecordFrame {
  /** Offset of the record within the chunk. */
  offset: number;
  recordId: number;
  /** The record's BinXML event occupies [eventStart, eventEnd) of the chunk. */
  eventStart: number;
  eventEnd: number;
}

export interface FrameProblem {
  offset: number;
  recordId?: number;
  message: string;
}

export type FrameItem = { frame: RecordFrame } | { problem: FrameProblem };

/**
 * Walks the records from the end of the chunk header up to `end`. After a malformed record it resumes at the
 * next record signature; it stops at zeroed free space, which unfinished (dirty) chunks leave behind.
 */
export function* recordFrames(bytes: Buffer, end: number): Generator<FrameItem> {
  let offset = CHUNK_HEADER_SIZE;
  while (offset < end) {
    if (isZero(bytes, offset, Math.min(end, offset + 4))) return;
    if (offset + MIN_RECORD_SIZE > end) {
      yield { problem: { offset, message: `record truncated: only ${end - offset} bytes remain` } };
      return;
    }
    const problem = frameProblem(bytes, offset, end);
    if (problem) {
      yield { problem };
      offset = nextSignature(bytes, offset + 1, end);
      continue;
    }
    const size = bytes.readUInt32LE(offset + 4);
    yield {
      frame: {
        offset,
        recordId: Number(bytes.readBigUInt64LE(offset + 8)),
        eventStart: offset + RECORD_HEADER_SIZE,
        eventEnd: offset + size - 4,
      },
    };
    offset += size;
  }
}

function frameProblem(bytes: Buffer, offset: number, end: number): FrameProblem | undefined {
  if (!bytes.subarray(offset, offset + 4).equals(RECORD_SIGNATURE)) {
    return { offset, message: `bad record signature 0x${bytes.readUInt32LE(offset).toString(16)}` };
  }
  const recordId = Number(bytes.readBigUInt64LE(offset + 8));
  const size = bytes.readUInt32LE(offset + 4);
  if (size < MIN_RECORD_SIZE) return { offset, recordId, message: `record size ${size} is too small` };
  if (offset + size > end) {
    return { offset, recordId, message: `record size ${size} runs past the end of the record data (${end})` };
  }
  const sizeCopy = bytes.readUInt32LE(offset + size - 4);
  if (sizeCopy !== size) {
    return { offset, recordId, message: `record size ${size} does not match its trailing copy ${sizeCopy}` };
  }
  return undefined;
}

function isZero(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

function nextSignature(bytes: Buffer, from: number, end: number): number {
  const found = bytes.indexOf(RECORD_SIGNATURE, from);
  return found === -1 || found > end ? end : found;
}
