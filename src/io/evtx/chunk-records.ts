// Decodes one 64 KiB chunk: checks its header and checksums, then yields each record's event or a located error.
import { BinXmlDecoder } from './binxml-decoder.js';
import {
  CHUNK_HEADER_SIZE,
  CHUNK_SIZE,
  chunkChecksumProblems,
  chunkKind,
  readChunkHeader,
} from './chunk-header.js';
import { eventObject } from './json-shape.js';
import { recordFrames } from './record-frames.js';
import type { EvtxItem } from './types.js';

/** Decodes the chunk with index `chunk` of `file`, read into `bytes` (`length` bytes were available). */
export function* decodeChunk(
  bytes: Buffer,
  length: number,
  chunk: number,
  file: string,
): Generator<EvtxItem> {
  const where = `${file}: chunk ${chunk}`;
  const error = (message: string, recordId?: number): EvtxItem => ({
    error: recordId === undefined ? { chunk, message } : { chunk, recordId, message },
  });
  if (length < CHUNK_HEADER_SIZE) {
    yield error(`${where}: truncated to ${length} bytes, too short for a chunk header`);
    return;
  }
  const kind = chunkKind(bytes);
  if (kind === 'unused') return;
  if (kind === 'bad-signature') {
    yield error(
      `${where}: bad chunk signature ${JSON.stringify(bytes.toString('latin1', 0, 8))}, chunk skipped`,
    );
    return;
  }
  if (length < CHUNK_SIZE) yield error(`${where}: truncated to ${length} of ${CHUNK_SIZE} bytes`);
  const header = readChunkHeader(bytes);
  let recordsEnd = header.freeSpaceOffset;
  if (recordsEnd < CHUNK_HEADER_SIZE || recordsEnd > length) {
    yield error(
      `${where}: free space offset ${recordsEnd} lies outside the chunk data, reading up to ${length}`,
    );
    recordsEnd = length;
  }
  for (const problem of chunkChecksumProblems(bytes, header, recordsEnd)) yield error(`${where}: ${problem}`);

  const decoder = new BinXmlDecoder(bytes, length);
  for (const item of recordFrames(bytes, recordsEnd)) {
    if ('problem' in item) {
      const { offset, recordId, message } = item.problem;
      yield error(`${where}: ${recordLabel(recordId)} at chunk offset ${offset}: ${message}`, recordId);
      continue;
    }
    const { recordId, offset, eventStart, eventEnd } = item.frame;
    let decoded: EvtxItem;
    try {
      decoded = { record: { recordId, event: eventObject(decoder.decodeEvent(eventStart, eventEnd)) } };
    } catch (failure) {
      const message = failure instanceof Error ? failure.message : String(failure);
      decoded = error(`${where}: ${recordLabel(recordId)} at chunk offset ${offset}: ${message}`, recordId);
    }
    yield decoded;
  }
}

function recordLabel(recordId: number | undefined): string {
  return recordId === undefined ? 'record' : `record ${recordId}`;
}
