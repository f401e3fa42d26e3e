// Test helper: drains readEvtx into the decoded records and the reported errors.
import { type EvtxError, type EvtxRecord, readEvtx } from '../../../src/io/evtx/index.js';

export async function readAllEvtx(file: string): Promise<{ records: EvtxRecord[]; errors: EvtxError[] }> {
  const records: EvtxRecord[] = [];
  const errors: EvtxError[] = [];
  for await (const item of readEvtx(file)) {
    if ('record' in item) records.push(item.record);
    else errors.push(item.error);
  }
  return { records, errors };
}
