// Cursor over the token list for the recursive-descent parsers, with a nesting-depth guard.
import type { Span } from './ast.js';
import type { EqlError } from './error.js';
import type { Token } from './lexer.js';
import type { SourceText } from './source-text.js';

/** Deepest nesting of parentheses, `not`, function calls and operator chains accepted from a query. */
export const MAX_NESTING_DEPTH = 100;

export class TokenStream {
  readonly source: SourceText;
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;

  constructor(source: SourceText, tokens: Token[]) {
    this.source = source;
    this.tokens = tokens;
  }

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)]!;
  }

  next(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.index++;
    return token;
  }

  /** A bare word without `~`. */
  isWord(value: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.type === 'word' && token.value === value && !token.tilde;
  }

  isSymbol(value: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.type === 'symbol' && token.value === value;
  }

  acceptWord(value: string): boolean {
    if (!this.isWord(value)) return false;
    this.index++;
    return true;
  }

  acceptSymbol(value: string): boolean {
    if (!this.isSymbol(value)) return false;
    this.index++;
    return true;
  }

  expectWord(value: string, context: string): Token {
    if (!this.isWord(value)) throw this.unexpected(`expected '${value}' ${context}`);
    return this.next();
  }

  expectSymbol(value: string, context: string): Token {
    if (!this.isSymbol(value)) throw this.unexpected(`expected '${value}' ${context}`);
    return this.next();
  }

  /** "<message> but found <next token>", positioned at the next token. */
  unexpected(message: string, token: Token = this.peek()): EqlError {
    return this.errorAt(`${message} but found ${describe(token)}`, token);
  }

  errorAt(message: string, token: Token | Span): EqlError {
    const start = 'span' in token ? token.span.start : token.start;
    return this.source.error(message, start);
  }

  /** End offset of the last consumed token. */
  lastEnd(): number {
    return this.index === 0 ? 0 : this.tokens[this.index - 1]!.span.end;
  }

  /** Span from `start` to the end of the last consumed token. */
  spanFrom(start: Span): Span {
    return this.source.span(start.start, this.lastEnd());
  }

  /** Runs `parse` one nesting level deeper; fails cleanly instead of exhausting the stack. */
  nested<T>(parse: () => T): T {
    this.enter();
    try {
      return parse();
    } finally {
      this.leave();
    }
  }

  enter(): void {
    if (++this.depth > MAX_NESTING_DEPTH) {
      throw this.errorAt(`query nested deeper than ${MAX_NESTING_DEPTH} levels`, this.peek());
    }
  }

  leave(count = 1): void {
    this.depth -= count;
  }
}

export function describe(token: Token): string {
  switch (token.type) {
    case 'eof':
      return 'the end of the query';
    case 'word':
      return `'${token.value}${token.tilde ? '~' : ''}'`;
    case 'quoted':
      return `\`${token.value}\``;
    case 'string':
      return `the string ${JSON.stringify(token.value)}`;
    case 'number':
      return `the number ${token.value}`;
    case 'symbol':
      return `'${token.value}'`;
  }
}
