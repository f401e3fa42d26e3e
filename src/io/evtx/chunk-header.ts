// Reads the 512-byte chunk header and checks its signature, the header CRC-32 and the records CRC-32.
import { checksumText, crc32 } from './crc32.js';

export const CHUNK_SIZE = 65536;
export const CHUNK_HEADER_SIZE = 512;
const SIGNATURE = Buffer.from('ElfChnk\0', 'latin1');

export interface ChunkHeader {
  /** End of the record data (offset of the free space), relative to the chunk start. */
  freeSpaceOffset: number;
  recordsChecksum: number;
  headerChecksum: number;
}

export type ChunkKind = 'chunk' | 'unused' | 'bad-signature';

/** Whether the header bytes hold a chunk, are all zero (space never written), or are something else. */
export function chunkKind(bytes: Buffer): ChunkKind {
  if (bytes.subarray(0, SIGNATURE.length).equals(SIGNATURE)) return 'chunk';
  for (let i = 0; i < CHUNK_HEADER_SIZE; i++) if (bytes[i] !== 0) return 'bad-signature';
  return 'unused';
}

export function readChunkHeader(bytes: Buffer): ChunkHeader {
  return {
    freeSpaceOffset: bytes.readUInt32LE(48),
    recordsChecksum: bytes.readUInt32LE(52),
    headerChecksum: bytes.readUInt32LE(124),
  };
}

/** Checksum mismatches of a chunk whose record data ends at `recordsEnd`; empty when both match. */
export function chunkChecksumProblems(bytes: Buffer, header: ChunkHeader, recordsEnd: number): string[] {
  const problems: string[] = [];
  const headerCrc = crc32(bytes, 128, CHUNK_HEADER_SIZE, crc32(bytes, 0, 120));
  if (headerCrc !== header.headerChecksum) {
    problems.push(
      `header checksum mismatch (stored ${checksumText(header.headerChecksum)}, computed ${checksumText(headerCrc)})`,
    );
  }
  const recordsCrc = crc32(bytes, CHUNK_HEADER_SIZE, recordsEnd);
  if (recordsCrc !== header.recordsChecksum) {
    problems.push(
      `records checksum mismatch (stored ${checksumText(header.recordsChecksum)}, computed ${checksumText(recordsCrc)})`,
    );
  }
  return problems;
}
