// EQL conditions → Rule IR: event categories, comparisons, lookups, wildcards, functions, not-evaluable parts.
import { describe, expect, it } from 'vitest';
import { EqlError, parseEql } from '../../src/formats/elastic/eql/index.js';
import type { Expr } from '../../src/ir/expr.js';

/** The IR of `any where <text>`, which has no category test. */
function condition(text: string): Expr {
  const result = parseEql(`any where ${text}`);
  expect(result.notEvaluable).toEqual([]);
  return result.detection!;
}

const equals = (field: string, value: string, caseSensitive: boolean) => ({
  kind: 'match',
  field,
  matcher: { kind: 'string', op: 'equals', value, caseSensitive },
});

describe('event category', () => {
  it('matches event.category case-sensitively for `<category> where`', () => {
    expect(parseEql('process where true').detection).toEqual(equals('event.category', 'process', true));
  });

  it('accepts quoted categories', () => {
    expect(parseEql('"my-category" where true').detection).toEqual(
      equals('event.category', 'my-category', true),
    );
  });

  it('adds no category test for `any where`', () => {
    expect(parseEql('any where true').detection).toEqual({ kind: 'const', value: true });
    expect(parseEql('any where x == "a"').detection).toEqual(equals('x', 'a', true));
  });

  it('ANDs the category with the condition', () => {
    expect(parseEql('file where x == "a"').detection).toEqual({
      kind: 'and',
      children: [equals('event.category', 'file', true), equals('x', 'a', true)],
    });
  });
});

describe('== and !=', () => {
  it('compares strings case-sensitively and literally (no wildcards)', () => {
    expect(condition('x == "A*b?"')).toEqual(equals('x', 'A*b?', true));
  });

  it('negates for !=, leaving null handling to the ternary engine', () => {
    expect(condition('x != "a"')).toEqual({ kind: 'not', child: equals('x', 'a', true) });
  });

  it('compares numbers and booleans', () => {
    expect(condition('port == 445')).toEqual({
      kind: 'match',
      field: 'port',
      matcher: { kind: 'number', value: 445 },
    });
    expect(condition('signed == false')).toEqual({
      kind: 'match',
      field: 'signed',
      matcher: { kind: 'bool', value: false },
    });
    expect(condition('signed != true')).toEqual({
      kind: 'not',
      child: { kind: 'match', field: 'signed', matcher: { kind: 'bool', value: true } },
    });
  });

  it('tests null: == null matches missing or null, != null needs a present non-null value', () => {
    const isNull = { kind: 'match', field: 'x', matcher: { kind: 'null' } };
    expect(condition('x == null')).toEqual(isNull);
    expect(condition('null == x')).toEqual(isNull);
    expect(condition('x != null')).toEqual({
      kind: 'and',
      children: [
        { kind: 'exists', field: 'x' },
        { kind: 'not', child: isNull },
      ],
    });
  });

  it('compares two fields with a field reference', () => {
    const ref = { kind: 'fieldref', field: 'a', other: 'b', op: 'equals', caseSensitive: true };
    expect(condition('a == b')).toEqual(ref);
    expect(condition('a != b')).toEqual({ kind: 'not', child: ref });
  });

  it('folds comparisons of two constants', () => {
    expect(condition('"a" == "a"')).toEqual({ kind: 'const', value: true });
    expect(condition('2 < 1')).toEqual({ kind: 'const', value: false });
  });

  it('rejects ordering null or booleans, and mixed-type constants', () => {
    expect(() => parseEql('any where x < null')).toThrow(/null can only be compared with == or !=/);
    expect(() => parseEql('any where x > true')).toThrow(/booleans can only be compared/);
    expect(() => parseEql('any where "a" == 1')).toThrow(/cannot compare a string with a number/);
  });
});

describe('<, <=, >, >=', () => {
  it('compares numbers', () => {
    expect(condition('n >= 10')).toEqual({
      kind: 'match',
      field: 'n',
      matcher: { kind: 'compare', op: 'gte', value: 10, type: 'number' },
    });
  });

  it('compares strings as strings', () => {
    expect(condition('name < "m"')).toEqual({
      kind: 'match',
      field: 'name',
      matcher: { kind: 'compare', op: 'lt', value: 'm', type: 'string' },
    });
  });

  it('swaps the operator when the constant is on the left', () => {
    expect(condition('5 < n')).toMatchObject({ matcher: { op: 'gt', value: 5 } });
    expect(condition('5 >= n')).toMatchObject({ matcher: { op: 'lte', value: 5 } });
  });
});

describe(': (case-insensitive, wildcards)', () => {
  it('reduces patterns to the simplest string matcher', () => {
    const ops = ['"cmd.exe"', '"*cmd*"', '"cmd*"', '"*.exe"'].map((p) => {
      const expr = condition(`x : ${p}`);
      return expr.kind === 'match' && expr.matcher.kind === 'string' && [expr.matcher.op, expr.matcher.value];
    });
    expect(ops).toEqual([
      ['equals', 'cmd.exe'],
      ['contains', 'cmd'],
      ['startswith', 'cmd'],
      ['endswith', '.exe'],
    ]);
    expect(condition('x : "a"')).toMatchObject({ matcher: { caseSensitive: false } });
  });

  it('keeps ? and inner * as wildcard parts, merging runs of *', () => {
    expect(condition('x : "C:\\\\*\\\\a?.exe"')).toEqual({
      kind: 'match',
      field: 'x',
      matcher: {
        kind: 'wildcard',
        parts: [
          { type: 'literal', text: 'C:\\' },
          { type: 'any' },
          { type: 'literal', text: '\\a' },
          { type: 'one' },
          { type: 'literal', text: '.exe' },
        ],
        caseSensitive: false,
      },
    });
    expect(condition('x : "a**b"')).toMatchObject({ matcher: { parts: [{}, { type: 'any' }, {}] } });
  });

  it('ORs a list of patterns', () => {
    expect(condition('x : ("a", "b*")')).toEqual({
      kind: 'or',
      children: [
        equals('x', 'a', false),
        {
          kind: 'match',
          field: 'x',
          matcher: { kind: 'string', op: 'startswith', value: 'b', caseSensitive: false },
        },
      ],
    });
  });

  it('needs string patterns and a field on the left', () => {
    expect(() => parseEql('any where x : 5')).toThrow(/needs string patterns/);
    expect(() => parseEql('any where x : y')).toThrow(EqlError);
    expect(() => parseEql('any where length(x) : "a"')).toThrow(/left side must be a field/);
  });
});

describe('like and like~', () => {
  it('is case-sensitive, like~ is not', () => {
    expect(condition('x like "A*"')).toMatchObject({
      matcher: { op: 'startswith', value: 'A', caseSensitive: true },
    });
    expect(condition('x like~ "A*"')).toMatchObject({
      matcher: { op: 'startswith', value: 'A', caseSensitive: false },
    });
  });

  it('takes lists', () => {
    expect(condition('x like ("a?", "b")')).toMatchObject({
      kind: 'or',
      children: [
        { matcher: { kind: 'wildcard', caseSensitive: true } },
        { matcher: { kind: 'string', op: 'equals' } },
      ],
    });
  });
});

describe('in, in~, not in', () => {
  it('ORs case-sensitive equality for in', () => {
    expect(condition('x in ("a", "B")')).toEqual({
      kind: 'or',
      children: [equals('x', 'a', true), equals('x', 'B', true)],
    });
  });

  it('compares case-insensitively for in~ and keeps wildcards literal', () => {
    expect(condition('x in~ ("A*")')).toEqual(equals('x', 'A*', false));
  });

  it('negates for not in and not in~', () => {
    expect(condition('x not in ("a", "b")')).toMatchObject({ kind: 'not', child: { kind: 'or' } });
    expect(condition('x not in~ ("a")')).toEqual({ kind: 'not', child: equals('x', 'a', false) });
  });

  it('mixes numbers and fields in the list', () => {
    expect(condition('port in (80, other.port)')).toEqual({
      kind: 'or',
      children: [
        { kind: 'match', field: 'port', matcher: { kind: 'number', value: 80 } },
        { kind: 'fieldref', field: 'port', other: 'other.port', op: 'equals', caseSensitive: true },
      ],
    });
  });
});

describe('regex and regex~', () => {
  it('anchors the pattern to the whole value, lets . match newlines, and sets case folding for regex~', () => {
    expect(condition('x regex "a.c"')).toEqual({
      kind: 'match',
      field: 'x',
      matcher: {
        kind: 'regex',
        pattern: '^(?:a.c)$',
        flags: { ignoreCase: false, multiline: false, dotAll: true },
      },
    });
    expect(condition('x regex~ "a"')).toMatchObject({ matcher: { flags: { ignoreCase: true } } });
  });

  it('ORs a list of regexes', () => {
    expect(condition('x regex ("a", "b")')).toMatchObject({ kind: 'or', children: [{}, {}] });
  });

  it('marks Lucene operators RE2 lacks as not evaluable, keeping the rest of the list', () => {
    const result = parseEql('any where x regex ("a&b", "c")');
    expect(result.notEvaluable).toEqual(['regex intersection operator &']);
    expect(result.detection).toEqual({
      kind: 'or',
      children: [
        { kind: 'match', field: 'x', matcher: { kind: 'placeholder', name: '"a&b"' } },
        {
          kind: 'match',
          field: 'x',
          matcher: { kind: 'regex', pattern: '^(?:c)$', flags: expect.anything() },
        },
      ],
    });
  });

  it('reports invalid regexes with the position of the pattern', () => {
    let error: unknown;
    try {
      parseEql('any where x regex "a(b"');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EqlError);
    expect((error as EqlError).message).toMatch(/invalid regex "a\(b"/);
    expect((error as EqlError).column).toBe(19);
  });
});

describe('string functions', () => {
  it('translates startsWith, endsWith, stringContains with case from the ~ variant', () => {
    expect(condition('startsWith(x, "A")')).toMatchObject({
      matcher: { op: 'startswith', value: 'A', caseSensitive: true },
    });
    expect(condition('endswith~(x, "A")')).toMatchObject({
      matcher: { op: 'endswith', value: 'A', caseSensitive: false },
    });
    expect(condition('stringContains(x, "A")')).toMatchObject({
      matcher: { op: 'contains', caseSensitive: true },
    });
  });

  it('treats function names case-insensitively', () => {
    expect(condition('STARTSWITH(x, "a")')).toEqual(condition('startsWith(x, "a")'));
  });

  it('makes stringContains(x, "") false for every string, as Elasticsearch does', () => {
    expect(condition('stringContains(x, "")')).toEqual({
      kind: 'not',
      child: {
        kind: 'match',
        field: 'x',
        matcher: { kind: 'string', op: 'startswith', value: '', caseSensitive: true },
      },
    });
  });

  it('compares with another field through a field reference; string() of a field is the field', () => {
    expect(condition('not endsWith~(string(source.ip), string(host.ip))')).toEqual({
      kind: 'not',
      child: { kind: 'fieldref', field: 'source.ip', other: 'host.ip', op: 'endswith', caseSensitive: false },
    });
  });

  it('folds calls on constants', () => {
    expect(condition('startsWith~("Regsvr32.exe", "regsvr")')).toEqual({ kind: 'const', value: true });
    expect(condition('stringContains("abc", "")')).toEqual({ kind: 'const', value: false });
  });

  it('translates wildcard() with one or more patterns', () => {
    expect(condition('wildcard(x, "a*", "*b?")')).toMatchObject({
      kind: 'or',
      children: [
        { matcher: { kind: 'string', op: 'startswith', caseSensitive: true } },
        { matcher: { kind: 'wildcard', caseSensitive: true } },
      ],
    });
  });

  it('compares booleans returned by functions', () => {
    expect(condition('startsWith(x, "a") == false')).toMatchObject({
      kind: 'not',
      child: { matcher: { op: 'startswith' } },
    });
    expect(condition('startsWith(x, "a") != false')).toMatchObject({
      kind: 'match',
      matcher: { op: 'startswith' },
    });
  });
});

describe('cidrMatch', () => {
  it('ORs CIDR blocks, turning bare addresses into /32 or /128 blocks', () => {
    expect(condition('cidrmatch(ip, "10.0.0.0/8", "::1", "192.168.1.1")')).toEqual({
      kind: 'or',
      children: ['10.0.0.0/8', '::1/128', '192.168.1.1/32'].map((cidr) => ({
        kind: 'match',
        field: 'ip',
        matcher: { kind: 'cidr', cidr },
      })),
    });
  });

  it('rejects what is not a block or an address', () => {
    expect(() => parseEql('any where cidrMatch(ip, "10.0.0/8")')).toThrow(/not an IP address or CIDR block/);
  });
});

describe('length()', () => {
  it('compares the length of a field through a transform', () => {
    expect(condition('length(cmd) > 255')).toEqual({
      kind: 'match',
      field: 'cmd',
      matcher: { kind: 'compare', op: 'gt', value: 255, type: 'number' },
      transform: { kind: 'length' },
    });
    expect(condition('length(ext) == 0')).toEqual({
      kind: 'match',
      field: 'ext',
      matcher: { kind: 'number', value: 0 },
      transform: { kind: 'length' },
    });
  });

  it('rejects comparing a length with a string', () => {
    expect(() => parseEql('any where length(x) == "a"')).toThrow(/length\(\) returns a number/);
  });
});

describe('other condition forms', () => {
  it('treats a bare field as a boolean field test', () => {
    expect(condition('process.code_signature.trusted')).toEqual({
      kind: 'match',
      field: 'process.code_signature.trusted',
      matcher: { kind: 'bool', value: true },
    });
  });

  it('rejects constants and arithmetic as conditions', () => {
    expect(() => parseEql('any where "abc"')).toThrow(/a string constant is not a condition/);
    expect(() => parseEql('any where x + 1')).toThrow(/arithmetic gives a number/);
    expect(() => parseEql('any where length(x)')).toThrow(/returns a value, not a condition/);
  });
});

describe('constructs the IR cannot express', () => {
  it('lists them by name and leaves a placeholder on the first field the construct reads', () => {
    const query = 'process where x == "a" and startsWith~(host.name, substring(user.name, 0, -1))';
    const result = parseEql(query);
    expect(result.notEvaluable).toEqual(['function substring()']);
    expect(result.detection).toEqual({
      kind: 'and',
      children: [
        equals('event.category', 'process', true),
        equals('x', 'a', true),
        {
          kind: 'match',
          field: 'host.name',
          matcher: { kind: 'placeholder', name: 'startsWith~(host.name, substring(user.name, 0, -1))' },
        },
      ],
    });
  });

  it('names arithmetic, value functions and unsupported field comparisons', () => {
    const reasons = (text: string) => parseEql(`any where ${text}`).notEvaluable;
    expect(reasons('4 / x == 1')).toEqual(['arithmetic operator /']);
    expect(reasons('concat(a, "b") : "x"')).toEqual(['function concat()']);
    expect(reasons('indexOf(string(a), string(b)) == null')).toEqual(['function indexOf()']);
    expect(reasons('add(a, 1) > 2 and number(b) > 1')).toEqual(['function add()', 'function number()']);
    expect(reasons('a < b')).toEqual(['field-to-field comparison <']);
    expect(reasons('length(a) == length(b)')).toEqual(['field-to-field comparison of length()']);
    expect(reasons('startsWith("abc", x)')).toEqual([
      'startsWith() with a constant source and a field argument',
    ]);
  });

  it('reports each reason once', () => {
    expect(parseEql('any where concat(a) == "x" or concat(b) == "y"').notEvaluable).toEqual([
      'function concat()',
    ]);
  });
});
