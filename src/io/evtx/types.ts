// Result types of the EVTX reader: a decoded record, or an error located by chunk and record.

export interface EvtxRecord {
  recordId: number;
  /** The event as evtx_dump's JSON output shapes it: `{ Event: { System: …, EventData: … } }`. */
  event: Record<string, unknown>;
}

export interface EvtxError {
  recordId?: number;
  /** Zero-based index of the chunk in the file. */
  chunk?: number;
  /** Names the file, the chunk and record when known, and what is wrong. */
  message: string;
}

export type EvtxItem = { record: EvtxRecord } | { error: EvtxError };
