// Error raised for malformed EVTX structures; its message says what is wrong and at which offset.
export class EvtxFormatError extends Error {
  override name = 'EvtxFormatError';
}
