// Checks the 4 KiB EVTX file header: signature, format version, header sizes and CRC-32.
import { checksumText, crc32 } from './crc32.js';

export const FILE_HEADER_SIZE = 4096;
const SIGNATURE = Buffer.from('ElfFile\0', 'latin1');
const CHECKSUMMED_BYTES = 120;
const EXPECTED_HEADER_SIZE = 128;
const SUPPORTED_MAJOR_VERSION = 3;

/** Problems found in the file header read into `bytes` (`length` bytes were available); empty when sound. */
export function fileHeaderProblems(bytes: Buffer, length: number): string[] {
  if (length < EXPECTED_HEADER_SIZE) return [`file header truncated: ${length} of ${FILE_HEADER_SIZE} bytes`];
  if (!bytes.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
    return [
      `bad file signature ${JSON.stringify(bytes.toString('latin1', 0, 8))} (expected "ElfFile\\u0000")`,
    ];
  }
  const problems: string[] = [];
  const headerSize = bytes.readUInt32LE(32);
  const majorVersion = bytes.readUInt16LE(38);
  const blockSize = bytes.readUInt16LE(40);
  if (headerSize !== EXPECTED_HEADER_SIZE) problems.push(`unexpected header size ${headerSize}`);
  if (majorVersion !== SUPPORTED_MAJOR_VERSION)
    problems.push(`unsupported major format version ${majorVersion}`);
  if (blockSize !== FILE_HEADER_SIZE) problems.push(`unexpected header block size ${blockSize}`);
  const stored = bytes.readUInt32LE(124);
  const computed = crc32(bytes, 0, CHECKSUMMED_BYTES);
  if (stored !== computed)
    problems.push(
      `header checksum mismatch (stored ${checksumText(stored)}, computed ${checksumText(computed)})`,
    );
  if (length < FILE_HEADER_SIZE)
    problems.push(`file header truncated: ${length} of ${FILE_HEADER_SIZE} bytes`);
  return problems;
}
