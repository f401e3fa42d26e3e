// Splits a stream of JSON text into top-level objects (JSON lines, a JSON array, or concatenated pretty objects).

export interface ScannedText {
  text: string;
  /** 1-based line where the value starts. */
  line: number;
}

export interface ScanProblem {
  line: number;
  message: string;
}

/** Values larger than this are rejected (and the scanner resynchronises) so one broken record cannot eat the input. */
const MAX_RECORD_CHARS = 64 * 1024 * 1024;

/**
 * Incremental scanner: feed text chunks, get complete top-level `{…}` texts back. Tracks strings and escapes
 * so braces inside strings do not count; skips array brackets, commas and whitespace between records.
 */
export class JsonObjectScanner {
  private buffer = '';
  private pos = 0;
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private start = -1;
  private startLine = 0;
  private atLineStart = true;

  constructor(
    private readonly onRecord: (record: ScannedText) => void,
    private readonly onProblem: (problem: ScanProblem) => void,
  ) {}

  push(chunk: string): void {
    this.buffer += chunk;
    this.scan();
    if (this.start < 0) {
      this.buffer = this.buffer.slice(this.pos);
      this.pos = 0;
    } else if (this.start > 0) {
      this.buffer = this.buffer.slice(this.start);
      this.pos -= this.start;
      this.start = 0;
    }
    if (this.start === 0 && this.buffer.length > MAX_RECORD_CHARS) {
      this.onProblem({
        line: this.startLine,
        message: `record larger than ${MAX_RECORD_CHARS} characters; skipped`,
      });
      this.resync();
    }
  }

  end(): void {
    if (this.start >= 0)
      this.onProblem({ line: this.startLine, message: 'unexpected end of input inside a JSON object' });
    this.buffer = '';
    this.pos = 0;
    this.start = -1;
  }

  private resync(): void {
    const next = this.buffer.indexOf('\n{', this.pos);
    this.buffer = next >= 0 ? this.buffer.slice(next + 1) : '';
    this.pos = 0;
    this.start = -1;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }

  private abandonRecord(): void {
    this.start = -1;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }

  private scan(): void {
    const buf = this.buffer;
    let i = this.pos;
    const n = buf.length;
    while (i < n) {
      const ch = buf.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === 92) this.escaped = true;
        else if (ch === 34) this.inString = false;
        else if (ch === 10) {
          // JSON strings never hold a raw line break: the record is broken; resume at the next line.
          this.onProblem({ line: this.startLine, message: 'malformed JSON: line break inside a string' });
          this.line++;
          this.abandonRecord();
          this.atLineStart = true;
        }
        i++;
        continue;
      }
      const lineStart = this.atLineStart;
      this.atLineStart = ch === 10;
      if (ch === 10) this.line++;
      if (this.depth > 0 && ch === 123 && lineStart) {
        // A `{` in column one starts a new record (JSON lines, concatenated objects): the open one was cut short.
        this.onProblem({
          line: this.startLine,
          message: 'malformed JSON: object not closed before the next record',
        });
        this.abandonRecord();
      }
      if (this.depth === 0) {
        if (ch === 123) {
          this.start = i;
          this.startLine = this.line;
          this.depth = 1;
        } else if (ch > 32 && ch !== 44 && ch !== 91 && ch !== 93) {
          const lineEnd = buf.indexOf('\n', i);
          if (lineEnd < 0) break;
          this.onProblem({
            line: this.line,
            message: `expected a JSON object, found '${buf.slice(i, Math.min(lineEnd, i + 40)).trim()}'`,
          });
          i = lineEnd;
          this.atLineStart = false;
          continue;
        }
      } else if (ch === 34) this.inString = true;
      else if (ch === 123 || ch === 91) this.depth++;
      else if (ch === 125 || ch === 93) {
        this.depth--;
        if (this.depth === 0) {
          this.onRecord({ text: buf.slice(this.start, i + 1), line: this.startLine });
          this.start = -1;
        }
      }
      i++;
    }
    this.pos = i;
  }
}
