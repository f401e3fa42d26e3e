// The Sigma condition language: and/or/not, parentheses, `1 of`/`all of` over named detections.
import { and, type Expr, not, or } from '../../ir/expr.js';

type Token = { type: 'word' | 'lparen' | 'rparen' | 'pipe'; text: string; column: number };

export class ConditionError extends Error {}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\()|(\))|(\|)|([^\s()|]+))/y;
  pattern.lastIndex = 0;
  while (pattern.lastIndex < text.length) {
    const m = pattern.exec(text);
    if (!m) break;
    const column = m.index + m[0].length - (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').length + 1;
    if (m[1]) tokens.push({ type: 'lparen', text: '(', column });
    else if (m[2]) tokens.push({ type: 'rparen', text: ')', column });
    else if (m[3]) tokens.push({ type: 'pipe', text: '|', column });
    else if (m[4]) tokens.push({ type: 'word', text: m[4], column });
    else break;
  }
  return tokens;
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

const MAX_DEPTH = 200;

/** Parses a condition against the named detections; `lookup` resolves names to their expressions. */
export function parseCondition(text: string, detections: ReadonlyMap<string, Expr>): Expr {
  const tokens = tokenize(text);
  let pos = 0;
  let depth = 0;
  const peek = () => tokens[pos];
  const isWord = (t: Token | undefined, word: string) => t?.type === 'word' && t.text.toLowerCase() === word;
  const fail = (message: string, token = peek()): never => {
    throw new ConditionError(
      `${message} at column ${token ? token.column : text.length + 1} of condition '${text}'`,
    );
  };

  const selectionsMatching = (pattern: string): Expr[] => {
    if (pattern === 'them')
      return [...detections].filter(([name]) => !name.startsWith('_')).map(([, e]) => e);
    const re = globToRegExp(pattern);
    const found = [...detections].filter(([name]) => re.test(name)).map(([, e]) => e);
    if (!found.length) fail(`no detection matches '${pattern}'`, tokens[pos - 1]);
    return found;
  };

  const primary = (): Expr => {
    const token = peek();
    if (!token) return fail('unexpected end');
    if (token.type === 'lparen') {
      pos++;
      if (++depth > MAX_DEPTH) fail('condition nested too deeply');
      const inner = orExpr();
      depth--;
      if (peek()?.type !== 'rparen') fail("missing ')'");
      pos++;
      return inner;
    }
    if (token.type === 'pipe')
      fail("aggregation expressions ('| count() …') are deprecated: use a correlation rule");
    if (token.type !== 'word') fail(`unexpected '${token.text}'`);
    const quantifier = token.text.toLowerCase();
    if (
      (quantifier === '1' || quantifier === 'any' || quantifier === 'all') &&
      isWord(tokens[pos + 1], 'of')
    ) {
      pos += 2;
      const target = peek();
      if (target?.type !== 'word') return fail("expected a detection name or 'them' after 'of'");
      pos++;
      const items = selectionsMatching(target.text);
      return quantifier === 'all' ? and(items) : or(items);
    }
    if (['and', 'or', 'not', 'of'].includes(quantifier)) fail(`unexpected '${token.text}'`);
    if (/^\d+$/.test(quantifier) && isWord(tokens[pos + 1], 'of'))
      fail(`'${token.text} of' is not Sigma: use '1 of' or 'all of'`);
    pos++;
    const expr = detections.get(token.text);
    if (!expr) fail(`unknown detection '${token.text}'`, token);
    return expr!;
  };

  const notExpr = (): Expr => {
    if (isWord(peek(), 'not')) {
      pos++;
      if (++depth > MAX_DEPTH) fail('condition nested too deeply');
      const inner = notExpr();
      depth--;
      return not(inner);
    }
    return primary();
  };

  const andExpr = (): Expr => {
    const items = [notExpr()];
    while (isWord(peek(), 'and')) {
      pos++;
      items.push(notExpr());
    }
    return and(items);
  };

  const orExpr = (): Expr => {
    const items = [andExpr()];
    while (isWord(peek(), 'or')) {
      pos++;
      items.push(andExpr());
    }
    return or(items);
  };

  if (!tokens.length) fail('empty condition');
  const expr = orExpr();
  if (peek()?.type === 'pipe')
    fail("aggregation expressions ('| count() …') are deprecated: use a correlation rule");
  if (pos < tokens.length) fail(`unexpected '${peek()!.text}'`);
  return expr;
}
