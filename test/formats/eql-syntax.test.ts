// EQL lexing and parsing: literals, names, comments, precedence, errors with positions, nesting limits.
import { describe, expect, it } from 'vitest';
import { EqlError, parseEql } from '../../src/formats/elastic/eql/index.js';
import type { Expr } from '../../src/ir/expr.js';

/** The condition of `any where <condition>`. */
function condition(text: string): Expr {
  const { detection } = parseEql(`any where ${text}`);
  if (!detection) throw new Error('no detection');
  return detection;
}

/** The value `x == <literal>` compares with. */
function stringLiteral(literal: string): string {
  const expr = condition(`x == ${literal}`);
  if (expr.kind !== 'match' || expr.matcher.kind !== 'string')
    throw new Error(`unexpected ${JSON.stringify(expr)}`);
  return expr.matcher.value;
}

function eqlError(query: string): EqlError {
  try {
    parseEql(query);
  } catch (error) {
    if (error instanceof EqlError) return error;
    throw error;
  }
  throw new Error(`no error for ${query}`);
}

describe('string literals', () => {
  it('decodes backslash escapes', () => {
    expect(stringLiteral(String.raw`"a\"b\\c\nd\te\rf"`)).toBe('a"b\\c\nd\te\rf');
  });

  it('decodes \\u{hex} escapes of 2 to 8 digits', () => {
    expect(stringLiteral(String.raw`"\u{41}\u{200f}\u{0001F600}"`)).toBe('A\u200f😀');
  });

  it('keeps raw """ strings verbatim, backslashes and quotes included', () => {
    expect(stringLiteral(String.raw`"""C:\Windows\"x"\n"""`)).toBe(String.raw`C:\Windows\"x"\n`);
  });

  it('counts up to two quotes before the closing """ as part of a raw string', () => {
    expect(stringLiteral('"""say "hi""""')).toBe('say "hi"');
  });

  it('rejects unknown escapes, unterminated strings, single quotes, ?"…" and line breaks', () => {
    expect(eqlError(String.raw`any where x == "a\qb"`).message).toMatch(/unknown escape sequence '\\q'/);
    expect(eqlError('any where x == "abc').message).toMatch(/unterminated string/);
    expect(eqlError("any where x == 'abc'").message).toMatch(/double quotes/);
    expect(eqlError('any where x == ?"abc"').message).toMatch(/three double quotes/);
    expect(eqlError('any where x == "a\nb"').message).toMatch(/cannot span several lines/);
    expect(eqlError(String.raw`any where x == "\u{4}"`).message).toMatch(/2 to 8 hex digits/);
  });
});

describe('field names', () => {
  it('reads dotted names, `backtick` parts with doubled backticks, and ?optional fields', () => {
    expect(condition('`my-field`.`0`.`a``b` == 1')).toMatchObject({ field: 'my-field.0.a`b' });
    expect(condition('?process.parent.name == "x"')).toMatchObject({ field: 'process.parent.name' });
    expect(condition('@timestamp > 5')).toMatchObject({ field: '@timestamp' });
  });

  it('accepts reserved words after a dot but not as the first part', () => {
    expect(condition('a.in == 1')).toMatchObject({ field: 'a.in' });
    expect(eqlError('any where in == 1').message).toMatch(/expected a field, a value or a function call/);
  });

  it('rejects field[n] indexing', () => {
    expect(eqlError('any where a[0] == 1').message).toMatch(/indexing a field/);
  });
});

describe('numbers', () => {
  it('reads integers, decimals, exponents and negative numbers', () => {
    const values = ['7', '1.5', '.5', '2e3', '1.5E-1', '-3', '- 4'].map((text) => {
      const expr = condition(`x == ${text}`);
      return expr.kind === 'match' && expr.matcher.kind === 'number' ? expr.matcher.value : undefined;
    });
    expect(values).toEqual([7, 1.5, 0.5, 2000, 0.15, -3, -4]);
  });
});

describe('comments and whitespace', () => {
  it('skips line comments and nested block comments', () => {
    const query = 'process where /* outer /* inner */ still comment */ x == 1 // trailing\n and y == 2';
    const { detection } = parseEql(query);
    expect(
      detection?.kind === 'and' && detection.children.map((c) => (c.kind === 'match' ? c.field : '?')),
    ).toEqual(['event.category', 'x', 'y']);
  });

  it('reports an unterminated block comment', () => {
    expect(eqlError('any where x == 1 /* open').message).toMatch(/unterminated comment/);
  });
});

describe('operator precedence', () => {
  it('binds not tighter than and, and and tighter than or', () => {
    expect(condition('a == 1 or b == 2 and not c == 3')).toMatchObject({
      kind: 'or',
      children: [
        { kind: 'match', field: 'a' },
        {
          kind: 'and',
          children: [
            { kind: 'match', field: 'b' },
            { kind: 'not', child: { field: 'c' } },
          ],
        },
      ],
    });
  });

  it('lets parentheses override precedence', () => {
    expect(condition('(a == 1 or b == 2) and c == 3')).toMatchObject({
      kind: 'and',
      children: [{ kind: 'or' }, { kind: 'match', field: 'c' }],
    });
  });

  it('applies not to a whole comparison', () => {
    expect(condition('not x == "a"')).toMatchObject({ kind: 'not', child: { kind: 'match', field: 'x' } });
  });

  it('keeps keywords lower case: AND is not a keyword', () => {
    expect(() => parseEql('any where a == 1 AND b == 2')).toThrow(EqlError);
  });
});

describe('syntax errors', () => {
  it('points at the offending token with a 1-based line and column', () => {
    const error = eqlError('process where\n  x = 1');
    expect(error.message).toMatch(/'=' is not a comparison/);
    expect([error.line, error.column]).toEqual([2, 5]);
  });

  it('says what was expected and what was found', () => {
    const error = eqlError('process x == 1');
    expect(error.message).toBe("expected 'where' after the event category but found 'x'");
    expect([error.line, error.column]).toEqual([1, 9]);
  });

  it('rejects chained comparisons', () => {
    expect(eqlError('any where 1 < x < 3').message).toMatch(/cannot be chained/);
  });

  it('rejects unknown functions, wrong argument counts and ~ on functions without that variant', () => {
    expect(eqlError('any where frobnicate(x)').message).toBe('unknown function frobnicate()');
    expect(eqlError('any where startsWith(x)').message).toBe('startsWith() takes 2 arguments, not 1');
    expect(eqlError('any where cidrMatch(x)').message).toBe('cidrMatch() takes at least 2 arguments, not 1');
    expect(eqlError('any where length~(x) > 1').message).toMatch(/no case-insensitive variant/);
  });

  it('rejects lineage, join and pipes other than head and tail', () => {
    expect(eqlError('process where descendant of [process where true]').message).toMatch(/lineage/);
    expect(eqlError('join [process where true] [file where true]').message).toMatch(/join queries/);
    expect(eqlError('process where true | unique x').message).toMatch(/'head' or 'tail'/);
  });

  it('accepts | head N and | tail N, which limit results without changing what matches', () => {
    expect(parseEql('process where x == 1 | tail 1 | head 5')).toEqual(parseEql('process where x == 1'));
  });

  it('rejects text after the query', () => {
    expect(eqlError('process where x == 1 y').message).toMatch(/expected and, or, or the end of the query/);
  });
});

describe('nesting limits on untrusted input', () => {
  it('fails cleanly on deeply nested parentheses, not, function calls and operator chains', () => {
    const deep = 2000;
    const cases = [
      `any where ${'('.repeat(deep)}x == 1${')'.repeat(deep)}`,
      `any where ${'not '.repeat(deep)}x == 1`,
      `any where ${'length('.repeat(deep)}x${')'.repeat(deep)} > 1`,
      `any where x == ${Array(deep).fill('1').join(' + ')}`,
      `any where x == ${'-'.repeat(deep)}1`,
    ];
    for (const query of cases) expect(eqlError(query).message).toMatch(/nested deeper than 100 levels/);
  });

  it('accepts long flat and/or chains and lists', () => {
    const terms = Array.from({ length: 5000 }, (_, i) => `x == ${i}`);
    const expr = condition(terms.join(' or '));
    expect(expr.kind === 'or' && expr.children.length).toBe(5000);
    const list = condition(`x in (${Array.from({ length: 5000 }, (_, i) => `"${i}"`).join(', ')})`);
    expect(list.kind === 'or' && list.children.length).toBe(5000);
  });
});
