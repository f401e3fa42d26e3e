// KueryError: a KQL syntax or meaning error located at a 1-based line and column of the query text.

export class KueryError extends Error {
  override name = 'KueryError';

  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} (line ${line}, column ${column})`);
  }

  /** An error at a 0-based character offset of `query`; `\r\n`, `\n` and `\r` each end a line. */
  static at(query: string, offset: number, message: string): KueryError {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset && i < query.length; i++) {
      const ch = query[i];
      if (ch === '\n' || (ch === '\r' && query[i + 1] !== '\n')) {
        line++;
        lineStart = i + 1;
      }
    }
    return new KueryError(message, line, offset - lineStart + 1);
  }
}
