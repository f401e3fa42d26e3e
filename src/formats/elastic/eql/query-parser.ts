// Parses a whole EQL statement: an event query, `sequence`, or `sample`, then optional `| pipes`.
import type { EventQueryNode, ExprNode, QueryNode, SampleNode, SequenceNode, TermNode } from './ast.js';
import { isReserved, parseExpression } from './expression-parser.js';
import type { TokenStream } from './token-stream.js';

/** Milliseconds per maxspan unit. */
const TIME_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Largest `with runs=N` accepted. */
const MAX_RUNS = 100;

/** The query, then any `| head N` / `| tail N` pipes, then the end of the text. */
export function parseStatement(stream: TokenStream): QueryNode {
  const query = parseQuery(stream);
  while (stream.isSymbol('|')) skipPipe(stream);
  if (stream.peek().type !== 'eof') throw stream.unexpected('expected and, or, or the end of the query');
  return query;
}

function parseQuery(stream: TokenStream): QueryNode {
  if (stream.isWord('sequence')) return parseSequence(stream);
  if (stream.isWord('sample')) return parseSample(stream);
  if (stream.isWord('join'))
    throw stream.errorAt('join queries are not supported by Elasticsearch EQL', stream.peek());
  return parseEventQuery(stream);
}

/** `category where condition` or `any where condition`. */
function parseEventQuery(stream: TokenStream): EventQueryNode {
  const start = stream.peek();
  const category = stream.acceptWord('any') ? undefined : parseCategory(stream);
  stream.expectWord('where', 'after the event category');
  const condition = parseExpression(stream);
  return {
    kind: 'event',
    ...(category === undefined ? {} : { category }),
    condition,
    span: stream.spanFrom(start.span),
  };
}

/** A bare, "quoted" or `backtick-quoted` event category. */
function parseCategory(stream: TokenStream): string {
  const token = stream.next();
  if (token.type === 'string' || token.type === 'quoted') return token.value;
  if (token.type === 'word' && !token.tilde && !isReserved(token.value)) return token.value;
  throw stream.unexpected("expected an event category, 'any', 'sequence' or 'sample'", token);
}

function parseSequence(stream: TokenStream): SequenceNode {
  const start = stream.next();
  const by = stream.isWord('by') ? parseJoinKeys(stream) : [];
  const maxspanMs = stream.isWord('with') ? parseMaxspan(stream) : undefined;
  if (stream.isWord('by'))
    throw stream.errorAt("write 'sequence by …' before 'with maxspan=…'", stream.peek());
  const terms: TermNode[] = [];
  while (stream.isSymbol('[') || stream.isSymbol('![')) terms.push(parseTerm(stream, true));
  if (terms.reduce((count, t) => count + (t.runs ?? 1), 0) < 2) {
    throw stream.unexpected('a sequence needs at least two [queries] (counting with runs=N as N)');
  }
  let until: TermNode | undefined;
  if (stream.acceptWord('until')) {
    if (!stream.isSymbol('[')) throw stream.unexpected("expected '[' after until");
    until = parseTerm(stream, false);
  }
  checkJoinKeyCounts(stream, until ? [...terms, until] : terms);
  if (maxspanMs === undefined && terms.some((t) => t.missing)) {
    throw stream.errorAt('a sequence with missing events ![…] needs with maxspan=…', start);
  }
  return {
    kind: 'sequence',
    by,
    ...(maxspanMs === undefined ? {} : { maxspanMs }),
    terms,
    ...(until ? { until } : {}),
    span: stream.spanFrom(start.span),
  };
}

function parseSample(stream: TokenStream): SampleNode {
  const start = stream.next();
  const by = stream.isWord('by') ? parseJoinKeys(stream) : [];
  const terms: TermNode[] = [];
  while (stream.isSymbol('[') || stream.isSymbol('![')) {
    if (stream.isSymbol('!['))
      throw stream.errorAt('a sample cannot have missing events ![…]', stream.peek());
    terms.push(parseTerm(stream, false));
  }
  if (terms.length < 2) throw stream.unexpected('a sample needs at least two [queries]');
  checkJoinKeyCounts(stream, terms);
  return { kind: 'sample', by, terms, span: stream.spanFrom(start.span) };
}

/** `[query] [by keys] [with runs=N]`, or `![query] [by keys]` when `inSequence`. */
function parseTerm(stream: TokenStream, inSequence: boolean): TermNode {
  const open = stream.next();
  const missing = open.type === 'symbol' && open.value === '![';
  const query = stream.nested(() => parseEventQuery(stream));
  stream.expectSymbol(']', 'to close the query');
  const by = stream.isWord('by') ? parseJoinKeys(stream) : [];
  let runs: number | undefined;
  if (inSequence && stream.isWord('with') && stream.isWord('runs', 1)) {
    if (missing) throw stream.errorAt('a missing event ![…] cannot repeat with runs', stream.peek());
    runs = parseRuns(stream);
  }
  return { query, by, ...(runs === undefined ? {} : { runs }), missing, span: stream.spanFrom(open.span) };
}

function parseJoinKeys(stream: TokenStream): ExprNode[] {
  stream.next();
  const keys = [stream.nested(() => parseExpression(stream))];
  while (stream.acceptSymbol(',')) keys.push(stream.nested(() => parseExpression(stream)));
  return keys;
}

/** Every term of a sequence or sample must name the same number of its own join keys. */
function checkJoinKeyCounts(stream: TokenStream, terms: TermNode[]): void {
  const expected = terms[0]!.by.length;
  const odd = terms.find((t) => t.by.length !== expected);
  if (odd) {
    throw stream.errorAt(
      `every query must have the same number of join keys: ${expected} in the first, ${odd.by.length} here`,
      odd.span,
    );
  }
}

/** `with maxspan=<number><unit>`. */
function parseMaxspan(stream: TokenStream): number {
  stream.next();
  stream.expectWord('maxspan', "after 'with'");
  stream.expectSymbol('=', "after 'maxspan'");
  const amount = stream.next();
  if (amount.type !== 'number' || amount.value < 0)
    throw stream.unexpected('expected a duration such as 5m', amount);
  const unit = stream.next();
  const factor = unit.type === 'word' && !unit.tilde ? TIME_UNITS_MS[unit.value] : undefined;
  if (factor === undefined)
    throw stream.unexpected('expected a time unit (ms, s, m, h or d) after the number', unit);
  return amount.value * factor;
}

/** `with runs=N`, 1 ≤ N ≤ MAX_RUNS. */
function parseRuns(stream: TokenStream): number {
  stream.next();
  stream.next();
  stream.expectSymbol('=', "after 'runs'");
  const count = stream.next();
  if (count.type !== 'number' || !count.integer || count.value < 1 || count.value > MAX_RUNS) {
    throw stream.unexpected(`expected a whole number of runs from 1 to ${MAX_RUNS}`, count);
  }
  return count.value;
}

/**
 * `| head N` / `| tail N`, the pipes Elasticsearch EQL supports. They cap how many matches one search returns,
 * not which events match, so they are checked and then left out of the IR.
 */
function skipPipe(stream: TokenStream): void {
  stream.next();
  const name = stream.next();
  if (name.type !== 'word' || (name.value !== 'head' && name.value !== 'tail') || name.tilde) {
    throw stream.unexpected(
      "expected 'head' or 'tail' after '|' (the pipes Elasticsearch EQL supports)",
      name,
    );
  }
  const count = stream.next();
  if (count.type !== 'number' || !count.integer || count.value < 1) {
    throw stream.unexpected(`expected a positive whole number after '${name.value}'`, count);
  }
}
