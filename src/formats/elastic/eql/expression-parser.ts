// Parses EQL conditions and values: or/and/not, comparisons, arithmetic, `in`/`:`/`like`/`regex`, calls, fields.
import type {
  ArithmeticOp,
  CallNode,
  ComparisonOp,
  ConstantNode,
  ExprNode,
  FieldNode,
  PatternNode,
  Span,
} from './ast.js';
import { checkCall } from './function-signatures.js';
import type { Token } from './lexer.js';
import type { TokenStream } from './token-stream.js';

/** Words that cannot start a field name or a function call. */
const RESERVED = new Set(
  'and any by false in join like not null of or regex sample sequence true until where with'.split(' '),
);

const COMPARISON_OPS: readonly ComparisonOp[] = ['==', '!=', '<', '<=', '>', '>='];

export function isReserved(word: string): boolean {
  return RESERVED.has(word);
}

/** An `or` expression: the lowest-precedence level. */
export function parseExpression(stream: TokenStream): ExprNode {
  return parseLogical(stream, 'or', () => parseLogical(stream, 'and', () => parseNot(stream)));
}

function parseLogical(stream: TokenStream, keyword: 'and' | 'or', parseOperand: () => ExprNode): ExprNode {
  const first = parseOperand();
  if (!stream.isWord(keyword)) return first;
  const children = [first];
  while (stream.acceptWord(keyword)) children.push(parseOperand());
  return { kind: keyword, children, span: stream.spanFrom(first.span) };
}

function parseNot(stream: TokenStream): ExprNode {
  const start = stream.peek();
  if (stream.acceptWord('not')) {
    const child = stream.nested(() => parseNot(stream));
    return { kind: 'not', child, span: stream.spanFrom(start.span) };
  }
  if (start.type === 'word' && stream.isWord('of', 1)) {
    throw stream.errorAt(
      `'${start.value} of' (process lineage) is not supported by Elasticsearch EQL`,
      start,
    );
  }
  return parseComparison(stream);
}

function parseComparison(stream: TokenStream): ExprNode {
  const left = parseArithmetic(stream, 0);
  const op = comparisonOp(stream.peek());
  if (!op) {
    if (stream.isSymbol('=')) throw stream.errorAt("'=' is not a comparison: use '==' or ':'", stream.peek());
    return left;
  }
  stream.next();
  const right = parseArithmetic(stream, 0);
  if (comparisonOp(stream.peek())) {
    throw stream.errorAt('comparisons cannot be chained: join them with and', stream.peek());
  }
  return { kind: 'comparison', op, left, right, span: stream.spanFrom(left.span) };
}

function comparisonOp(token: Token): ComparisonOp | undefined {
  return token.type === 'symbol' ? COMPARISON_OPS.find((op) => op === token.value) : undefined;
}

/** Binary arithmetic by precedence level: 0 is `+ -`, 1 is `* / %`; below that, unary operators. */
function parseArithmetic(stream: TokenStream, level: 0 | 1): ExprNode {
  const symbols: ArithmeticOp[] = level === 0 ? ['+', '-'] : ['*', '/', '%'];
  const parseOperand = () => (level === 0 ? parseArithmetic(stream, 1) : parseUnary(stream));
  let left = parseOperand();
  let chained = 0;
  try {
    for (let op = arithmeticOp(stream.peek(), symbols); op; op = arithmeticOp(stream.peek(), symbols)) {
      stream.enter();
      chained++;
      stream.next();
      const right = parseOperand();
      left = { kind: 'arithmetic', op, operands: [left, right], span: stream.spanFrom(left.span) };
    }
  } finally {
    stream.leave(chained);
  }
  return left;
}

function arithmeticOp(token: Token, symbols: ArithmeticOp[]): ArithmeticOp | undefined {
  return token.type === 'symbol' ? symbols.find((op) => op === token.value) : undefined;
}

function parseUnary(stream: TokenStream): ExprNode {
  const start = stream.peek();
  const op = arithmeticOp(start, ['-', '+']);
  if (!op) return parsePostfix(stream);
  stream.next();
  const operand = stream.nested(() => parseUnary(stream));
  const span = stream.spanFrom(start.span);
  if (operand.kind === 'number')
    return { kind: 'number', value: op === '-' ? -operand.value : operand.value, span };
  return { kind: 'arithmetic', op, operands: [operand], span };
}

/** A primary value, optionally followed by `[not] in[~] (…)`, `: …`, `like[~] …` or `regex[~] …`. */
function parsePostfix(stream: TokenStream): ExprNode {
  const value = parsePrimary(stream);
  const token = stream.peek();
  if (stream.isWord('not') && isInKeyword(stream.peek(1))) {
    stream.next();
    return parseIn(stream, value, true);
  }
  if (isInKeyword(token)) return parseIn(stream, value, false);
  if (stream.acceptSymbol(':')) return parsePattern(stream, value, ':', true);
  if (token.type === 'word' && (token.value === 'like' || token.value === 'regex')) {
    stream.next();
    return parsePattern(stream, value, token.value, token.tilde);
  }
  return value;
}

function isInKeyword(token: Token): boolean {
  return token.type === 'word' && token.value === 'in';
}

function parseIn(stream: TokenStream, value: ExprNode, negated: boolean): ExprNode {
  const keyword = stream.next();
  const caseInsensitive = keyword.type === 'word' && keyword.tilde;
  stream.expectSymbol('(', `after '${negated ? 'not ' : ''}in${caseInsensitive ? '~' : ''}'`);
  const list = parseList(stream, () => stream.nested(() => parseExpression(stream)));
  return { kind: 'in', value, list, negated, caseInsensitive, span: stream.spanFrom(value.span) };
}

function parsePattern(
  stream: TokenStream,
  value: ExprNode,
  op: PatternNode['op'],
  caseInsensitive: boolean,
): PatternNode {
  const patterns = stream.acceptSymbol('(')
    ? parseList(stream, () => parseConstant(stream))
    : [parseConstant(stream)];
  return { kind: 'pattern', op, caseInsensitive, value, patterns, span: stream.spanFrom(value.span) };
}

/** `item, item, …)` after an opening parenthesis; at least one item. */
function parseList<T>(stream: TokenStream, parseItem: () => T): T[] {
  const items = [parseItem()];
  while (stream.acceptSymbol(',')) items.push(parseItem());
  stream.expectSymbol(')', 'to close the list');
  return items;
}

function parsePrimary(stream: TokenStream): ExprNode {
  const token = stream.peek();
  if (token.type === 'string' || token.type === 'number') return parseConstant(stream);
  if (stream.isWord('true') || stream.isWord('false') || stream.isWord('null')) return parseConstant(stream);
  if (stream.acceptSymbol('(')) {
    const inner = stream.nested(() => parseExpression(stream));
    stream.expectSymbol(')', 'to close the parenthesis');
    return { ...inner, span: stream.spanFrom(token.span) };
  }
  if (stream.acceptSymbol('?')) return parseFieldName(stream, token.span);
  if (token.type === 'word' && !isReserved(token.value) && stream.isSymbol('(', 1)) return parseCall(stream);
  if (token.type === 'quoted' || (token.type === 'word' && !isReserved(token.value))) {
    return parseFieldName(stream, token.span);
  }
  throw stream.unexpected('expected a field, a value or a function call');
}

function parseConstant(stream: TokenStream): ConstantNode {
  const token = stream.next();
  const span = token.span;
  if (token.type === 'string') return { kind: 'string', value: token.value, span };
  if (token.type === 'number') return { kind: 'number', value: token.value, span };
  if (token.type === 'symbol' && token.value === '-') {
    const number = stream.next();
    if (number.type !== 'number') throw stream.unexpected("expected a number after '-'", number);
    return { kind: 'number', value: -number.value, span: stream.spanFrom(span) };
  }
  if (token.type === 'word' && !token.tilde) {
    if (token.value === 'true' || token.value === 'false')
      return { kind: 'boolean', value: token.value === 'true', span };
    if (token.value === 'null') return { kind: 'null', span };
  }
  throw stream.unexpected('expected a string, number, boolean or null', token);
}

function parseCall(stream: TokenStream): CallNode {
  const name = stream.next();
  if (name.type !== 'word') throw stream.unexpected('expected a function name', name);
  stream.next();
  const args: ExprNode[] = [];
  if (!stream.acceptSymbol(')')) {
    args.push(...parseList(stream, () => stream.nested(() => parseExpression(stream))));
  }
  const call: CallNode = {
    kind: 'call',
    name: name.value,
    caseInsensitive: name.tilde,
    args,
    span: stream.spanFrom(name.span),
  };
  checkCall(call, stream.source);
  return call;
}

/** `a.b.c`, with `backtick` parts; `start` is where the name, or its `?` prefix, begins. */
function parseFieldName(stream: TokenStream, start: Span): FieldNode {
  const parts = [fieldPart(stream)];
  while (stream.isSymbol('.')) {
    stream.next();
    parts.push(fieldPart(stream));
  }
  if (stream.isSymbol('[') && stream.peek(1).type === 'number') {
    throw stream.errorAt('indexing a field (field[n]) is not supported', stream.peek());
  }
  return { kind: 'field', name: parts.join('.'), span: stream.spanFrom(start) };
}

function fieldPart(stream: TokenStream): string {
  const token = stream.next();
  if (token.type === 'quoted') return token.value;
  if (token.type === 'word') {
    if (token.tilde) throw stream.errorAt(`'~' can only follow a function name or in/like/regex`, token);
    return token.value;
  }
  throw stream.unexpected('expected a field name', token);
}
