// Error raised for malformed EVTX structures; its message says what is wrong and at which offset.
export class EvtxFormatError extends Error {
  override name = 'EvtxFormatError';
}

const MAX_NAME_IN_MESSAGE = 64;

/** A name read from the file, shortened and quoted for an error message (corrupt names can be huge or binary). */
export function nameForMessage(name: string): string {
  const short = name.length > MAX_NAME_IN_MESSAGE ? `${name.slice(0, MAX_NAME_IN_MESSAGE)}…` : name;
  return JSON.stringify(short);
}
