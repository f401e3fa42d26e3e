// KQL grammar: precedence, grouping, value lists, quoting, escapes, wildcards, nesting limits and error positions.
import { describe, expect, it } from 'vitest';
import { KueryError, MAX_NESTING, parseKuery } from '../../src/formats/elastic/kuery/index.js';
import type { Expr } from '../../src/ir/expr.js';
import type { Matcher } from '../../src/ir/matcher.js';

/** Every field is an unmapped (keyword-like) field, so values stay exact strings. */
const parse = (query: string) => parseKuery(query, { fieldType: () => undefined });

const exact = (field: string, value: string): Expr => ({
  kind: 'match',
  field,
  matcher: { kind: 'string', op: 'equals', value, caseSensitive: true },
});
const matching = (field: string, matcher: Matcher): Expr => ({ kind: 'match', field, matcher });

function errorOf(query: string): KueryError {
  try {
    parse(query);
  } catch (error) {
    if (error instanceof KueryError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be refused`);
}

describe('KQL boolean structure', () => {
  it('binds not tighter than and, and tighter than or', () => {
    expect(parse('a:1 or b:2 and not c:3')).toEqual({
      kind: 'or',
      children: [
        exact('a', '1'),
        { kind: 'and', children: [exact('b', '2'), { kind: 'not', child: exact('c', '3') }] },
      ],
    });
  });

  it('lets parentheses override precedence', () => {
    expect(parse('(a:1 or b:2) and c:3')).toEqual({
      kind: 'and',
      children: [{ kind: 'or', children: [exact('a', '1'), exact('b', '2')] }, exact('c', '3')],
    });
  });

  it('reads keywords in any case and across line breaks', () => {
    expect(parse('a:1 AND\n  NOT b:2 Or c:3')).toEqual(parse('a:1 and not b:2 or c:3'));
  });

  it('applies not to one sub-query only', () => {
    expect(parse('not a:1 and b:2')).toEqual({
      kind: 'and',
      children: [{ kind: 'not', child: exact('a', '1') }, exact('b', '2')],
    });
  });

  it('treats the empty query as matching everything', () => {
    expect(parse('  \n ')).toEqual({ kind: 'const', value: true });
  });
});

describe('KQL value lists', () => {
  it('distributes the field over or, and, not and inner groups', () => {
    expect(parse('f:(a or b and not (c or d))')).toEqual({
      kind: 'or',
      children: [
        exact('f', 'a'),
        {
          kind: 'and',
          children: [
            exact('f', 'b'),
            { kind: 'not', child: { kind: 'or', children: [exact('f', 'c'), exact('f', 'd')] } },
          ],
        },
      ],
    });
  });

  it('negates a value only inside parentheses, like Kibana', () => {
    expect(parse('f:(not a)')).toEqual({ kind: 'not', child: exact('f', 'a') });
    expect(errorOf('f:not a').column).toBe(3);
  });

  it('allows spaces around the colon and inside the parentheses', () => {
    expect(parse('f :  ( a  or  "b" )')).toEqual({
      kind: 'or',
      children: [exact('f', 'a'), exact('f', 'b')],
    });
  });
});

describe('KQL literals', () => {
  it('keeps spaces inside an unquoted value up to a keyword and trims its ends', () => {
    expect(parse('f: two words  and g:x')).toEqual({
      kind: 'and',
      children: [exact('f', 'two words'), exact('g', 'x')],
    });
  });

  it('keeps keyword-like text that is not a whole keyword', () => {
    expect(parse('f:android or g:organ')).toEqual({
      kind: 'or',
      children: [exact('f', 'android'), exact('g', 'organ')],
    });
  });

  it('decodes escapes in unquoted values', () => {
    expect(parse('f:C\\:\\\\Windows\\\\\\(x86\\)\\*\\{\\}\\<\\>\\"')).toEqual(
      exact('f', 'C:\\Windows\\(x86)*{}<>"'),
    );
    expect(parse('f:a\\tb\\u0041')).toEqual(exact('f', 'a\tbA'));
    expect(parse('f:cats \\and dogs \\OR \\not')).toEqual(exact('f', 'cats and dogs OR \not'));
  });

  it('decodes \\" \\\\ \\t \\n \\uXXXX in quoted values and keeps other backslashes', () => {
    expect(parse('f:"say \\"hi\\" \\\\ \\d \\u0000 a\\nb"')).toEqual(
      exact('f', 'say "hi" \\ \\d \u0000 a\nb'),
    );
  });

  it('keeps special characters, keywords and * literal inside quotes', () => {
    expect(parse('f:"a:b (c) or *d*"')).toEqual(exact('f', 'a:b (c) or *d*'));
  });

  it('accepts quoted field names', () => {
    expect(parse('"my field":x')).toEqual(exact('my field', 'x'));
  });
});

describe('KQL wildcards', () => {
  it('reduces * placements to startswith, endswith and contains', () => {
    expect(parse('f:abc*')).toEqual(
      matching('f', { kind: 'string', op: 'startswith', value: 'abc', caseSensitive: true }),
    );
    expect(parse('f:*abc')).toEqual(
      matching('f', { kind: 'string', op: 'endswith', value: 'abc', caseSensitive: true }),
    );
    expect(parse('f:*a b*')).toEqual(
      matching('f', { kind: 'string', op: 'contains', value: 'a b', caseSensitive: true }),
    );
  });

  it('keeps other patterns as wildcards and treats ? as a literal character', () => {
    expect(parse('f:a*b?c*')).toEqual(
      matching('f', {
        kind: 'wildcard',
        parts: [
          { type: 'literal', text: 'a' },
          { type: 'any' },
          { type: 'literal', text: 'b?c' },
          { type: 'any' },
        ],
        caseSensitive: true,
      }),
    );
  });

  it('keeps a field name with * as a pattern', () => {
    expect(parse('process.*.name:x')).toEqual(exact('process.*.name', 'x'));
  });
});

describe('KQL exists and match-all', () => {
  it('turns field:* into exists, also inside a value list', () => {
    expect(parse('f:*')).toEqual({ kind: 'exists', field: 'f' });
    expect(parse('f:(* and not x)')).toEqual({
      kind: 'and',
      children: [
        { kind: 'exists', field: 'f' },
        { kind: 'not', child: exact('f', 'x') },
      ],
    });
  });

  it('keeps a quoted "*" as the literal text *', () => {
    expect(parse('f:"*"')).toEqual(exact('f', '*'));
  });

  it('treats *:* and a lone * as matching every event', () => {
    expect(parse('*:*')).toEqual({ kind: 'const', value: true });
    expect(parse('*')).toEqual({ kind: 'const', value: true });
  });

  it('keeps exists on a field-name pattern', () => {
    expect(parse('user.*:*')).toEqual({ kind: 'exists', field: 'user.*' });
  });
});

describe('KQL nested queries', () => {
  it('keeps inner field names relative to the nested path', () => {
    expect(parse('items:{ name:a and (qty:1 or qty:2) }')).toEqual({
      kind: 'nested',
      path: 'items',
      child: {
        kind: 'and',
        children: [exact('name', 'a'), { kind: 'or', children: [exact('qty', '1'), exact('qty', '2')] }],
      },
    });
  });

  it('nests paths relative to the enclosing group', () => {
    expect(parse('a:{ b:{ c:x } }')).toEqual({
      kind: 'nested',
      path: 'a',
      child: { kind: 'nested', path: 'b', child: exact('c', 'x') },
    });
  });

  it('refuses a wildcard nested path', () => {
    expect(errorOf('a*:{ b:x }').message).toMatch(/nested path cannot contain wildcards/);
  });
});

describe('KQL syntax errors', () => {
  it('points at an unexpected token with its column', () => {
    const error = errorOf('a:b c:d');
    expect([error.line, error.column]).toEqual([1, 6]);
    expect(error.message).toMatch(/Expected "and", "or" or the end of the query but found ":d"/);
  });

  it('reports the line and column on later lines', () => {
    const error = errorOf('a:b and\n  (c:d or\r\n   e:)');
    expect([error.line, error.column]).toEqual([3, 6]);
    expect(error.message).toMatch(/Expected a value/);
  });

  it('reports an unterminated quote at its opening quote', () => {
    const error = errorOf('a:1 and b:"open');
    expect([error.line, error.column, error.message]).toEqual([1, 11, expect.stringMatching(/Unterminated/)]);
  });

  it('refuses an unknown escape in an unquoted value', () => {
    const error = errorOf('path:C\\Windows');
    expect([error.column, error.message]).toEqual([7, expect.stringMatching(/Invalid escape "\\W"/)]);
  });

  it('refuses a missing closing parenthesis or brace', () => {
    expect(errorOf('(a:1 or b:2').message).toMatch(
      /Expected "and", "or" or "\)" but found the end of the query/,
    );
    expect(errorOf('n:{ a:1 ').message).toMatch(/"\}"/);
  });

  it('refuses a dangling operator and a double not, as Kibana does', () => {
    expect(errorOf('a:1 and ').column).toBe(9);
    expect(errorOf('not not a:1').column).toBe(5);
  });

  it('refuses an unquoted null value', () => {
    expect(errorOf('f:null').message).toMatch(/Unquoted null/);
    expect(parse('f:"null"')).toEqual(exact('f', 'null'));
  });
});

describe('KQL nesting limit', () => {
  it(`accepts ${MAX_NESTING} levels of parentheses`, () => {
    const query = `${'('.repeat(MAX_NESTING)}a:1${')'.repeat(MAX_NESTING)}`;
    expect(parse(query)).toEqual(exact('a', '1'));
  });

  it('refuses deeper nesting with a clear error instead of overflowing the stack', () => {
    const depth = 100_000;
    const error = errorOf(`${'('.repeat(depth)}a:1${')'.repeat(depth)}`);
    expect([error.column, error.message]).toEqual([
      MAX_NESTING + 1,
      expect.stringMatching(/nests deeper than/),
    ]);
    expect(errorOf(`${'not ('.repeat(depth)}a:1`).message).toMatch(/nests deeper than/);
    expect(errorOf(`f:${'('.repeat(depth)}x`).message).toMatch(/nests deeper than/);
    expect(errorOf(`${'a:{'.repeat(depth)}b:1`).message).toMatch(/nests deeper than/);
  });

  it('parses long flat chains and long runs of spaces in linear time', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => `f:v${i}`).join(' or ');
    const started = Date.now();
    const expr = parse(chain);
    expect(expr.kind === 'or' && expr.children.length).toBe(20_000);
    expect(parse(`f:a${' '.repeat(200_000)}b`)).toEqual(exact('f', `a${' '.repeat(200_000)}b`));
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
