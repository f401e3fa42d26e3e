// KQL meaning per field type: case rules, text analysis, numbers, booleans, IPs and CIDR, dates, ranges, free text.
import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import { KueryError, parseKuery } from '../../src/formats/elastic/kuery/index.js';
import type { Expr } from '../../src/ir/expr.js';
import type { Matcher } from '../../src/ir/matcher.js';

const TYPES: Record<string, string> = {
  'host.name': 'keyword',
  'event.dataset': 'constant_keyword',
  'process.command_line': 'wildcard',
  'process.pid': 'long',
  'risk.score': 'float',
  'source.ip': 'ip',
  'process.interactive': 'boolean',
  '@timestamp': 'date',
  message: 'match_only_text',
  'items.count': 'long',
};
const parse = (query: string) => parseKuery(query, { fieldType: (field) => TYPES[field] });

function matcherOf(query: string): Matcher {
  const expr = parse(query);
  if (expr.kind !== 'match' && expr.kind !== 'keyword')
    throw new Error(`not a single matcher: ${JSON.stringify(expr)}`);
  return expr.matcher;
}

function errorOf(query: string): KueryError {
  try {
    parse(query);
  } catch (error) {
    if (error instanceof KueryError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be refused`);
}

/** Whether a regex matcher accepts `text`, run by RE2 as the engine runs it. */
function regexAccepts(matcher: Matcher, text: string): boolean {
  if (matcher.kind !== 'regex') throw new Error(`not a regex matcher: ${matcher.kind}`);
  return new RE2(matcher.pattern, matcher.flags.ignoreCase ? 'ui' : 'u').test(text);
}

const compare = (field: string, op: string, value: number | string, type: string): Expr =>
  ({ kind: 'match', field, matcher: { kind: 'compare', op, value, type } }) as Expr;

describe('KQL case rules by field type', () => {
  it('matches keyword, constant_keyword and wildcard fields exactly and case-sensitively', () => {
    for (const field of ['host.name', 'event.dataset', 'process.command_line']) {
      expect(matcherOf(`${field}:Foo`)).toEqual({
        kind: 'string',
        op: 'equals',
        value: 'Foo',
        caseSensitive: true,
      });
      expect(matcherOf(`${field}:*Foo*`)).toMatchObject({ op: 'contains', caseSensitive: true });
    }
  });

  it('matches fields of unknown type exactly and case-sensitively', () => {
    expect(matcherOf('custom.field:Foo')).toEqual({
      kind: 'string',
      op: 'equals',
      value: 'Foo',
      caseSensitive: true,
    });
    expect(matcherOf('custom.field:8')).toEqual({
      kind: 'string',
      op: 'equals',
      value: '8',
      caseSensitive: true,
    });
  });

  it('matches .caseless fields case-insensitively, wildcards included', () => {
    expect(matcherOf('process.name.caseless:CMD.exe')).toEqual({
      kind: 'string',
      op: 'equals',
      value: 'CMD.exe',
      caseSensitive: false,
    });
    expect(matcherOf('process.name.caseless:a*b*c')).toMatchObject({
      kind: 'wildcard',
      caseSensitive: false,
    });
  });

  it('uses the ECS field types by default', () => {
    expect(parseKuery('process.pid:4')).toEqual({
      kind: 'match',
      field: 'process.pid',
      matcher: { kind: 'number', value: 4 },
    });
    expect(parseKuery('process.name:Cmd.exe')).toMatchObject({
      matcher: { kind: 'string', caseSensitive: true },
    });
    expect(parseKuery('process.name.caseless:Cmd.exe')).toMatchObject({
      matcher: { kind: 'string', caseSensitive: false },
    });
    expect(parseKuery('message:error')).toMatchObject({ matcher: { kind: 'regex' } });
  });
});

describe('KQL on text fields (standard analyzer approximation)', () => {
  it('matches an unquoted value when any of its tokens occurs, ignoring case', () => {
    const matcher = matcherOf('message:Segfault beacon-chain');
    expect(regexAccepts(matcher, 'kernel: SEGFAULT at 0')).toBe(true);
    expect(regexAccepts(matcher, 'blockchain')).toBe(false);
    expect(regexAccepts(matcher, 'the chain broke')).toBe(true);
    expect(regexAccepts(matcher, 'segfaulted')).toBe(false);
  });

  it('matches a quoted phrase only as adjacent tokens in order', () => {
    const matcher = matcherOf('message:"Access Denied"');
    expect(regexAccepts(matcher, 'ERROR: access   denied for user')).toBe(true);
    expect(regexAccepts(matcher, 'access was denied')).toBe(false);
    expect(regexAccepts(matcher, 'denied access')).toBe(false);
    expect(regexAccepts(matcher, 'inaccess denied')).toBe(false);
  });

  it('matches a wildcard term against single tokens', () => {
    const matcher = matcherOf('message:seg*ult');
    expect(regexAccepts(matcher, 'a SEGFAULT here')).toBe(true);
    expect(regexAccepts(matcher, 'seg fault')).toBe(false);
  });

  it('matches nothing when the value has no token', () => {
    expect(parse('message:"--"')).toEqual({ kind: 'const', value: false });
  });
});

describe('KQL on number, boolean and ip fields', () => {
  it('compares numbers on numeric fields, quoted or not', () => {
    expect(matcherOf('process.pid:42')).toEqual({ kind: 'number', value: 42 });
    expect(matcherOf('risk.score:"4.5"')).toEqual({ kind: 'number', value: 4.5 });
  });

  it('refuses non-numbers and wildcards on numeric fields, pointing at the value', () => {
    const error = errorOf('a:1 and process.pid:abc');
    expect([error.column, error.message]).toEqual([21, expect.stringMatching(/"abc" is not a number/)]);
    expect(errorOf('process.pid:4*').message).toMatch(/cannot match wildcards/);
  });

  it('matches booleans on boolean fields and refuses other values', () => {
    expect(matcherOf('process.interactive:true')).toEqual({ kind: 'bool', value: true });
    expect(matcherOf('process.interactive:"false"')).toEqual({ kind: 'bool', value: false });
    expect(errorOf('process.interactive:yes').message).toMatch(/not true or false/);
  });

  it('keeps true as plain text on keyword fields', () => {
    expect(matcherOf('host.name:true')).toEqual({
      kind: 'string',
      op: 'equals',
      value: 'true',
      caseSensitive: true,
    });
  });

  it('turns CIDR values into CIDR matchers and addresses into equality', () => {
    expect(matcherOf('source.ip:10.0.0.0/8')).toEqual({ kind: 'cidr', cidr: '10.0.0.0/8' });
    expect(matcherOf('source.ip:"FC00::/7"')).toEqual({ kind: 'cidr', cidr: 'FC00::/7' });
    expect(matcherOf('source.ip:10.1.2.3')).toEqual({
      kind: 'string',
      op: 'equals',
      value: '10.1.2.3',
      caseSensitive: true,
    });
    expect(matcherOf('source.ip:"::1"')).toEqual({ kind: 'cidr', cidr: '::1/128' });
  });

  it('refuses text and wildcards on ip fields', () => {
    expect(errorOf('source.ip:localhost').message).toMatch(/not an IP address/);
    expect(errorOf('source.ip:10.0.0.0/33').message).toMatch(/not an IP address/);
    expect(errorOf('source.ip:10.*').message).toMatch(/cannot match wildcards/);
  });
});

describe('KQL dates', () => {
  it('turns date equality into a range over the period written, rounded like Elasticsearch', () => {
    expect(parse('@timestamp:2024-03-01')).toEqual({
      kind: 'and',
      children: [
        compare('@timestamp', 'gte', '2024-03-01T00:00:00.000Z', 'date'),
        compare('@timestamp', 'lte', '2024-03-01T23:59:59.999Z', 'date'),
      ],
    });
  });

  it('converts zones to UTC and reads epoch milliseconds', () => {
    expect(parse('@timestamp >= "2024-03-01T10:00:00+02:00"')).toEqual(
      compare('@timestamp', 'gte', '2024-03-01T08:00:00.000Z', 'date'),
    );
    expect(parse('@timestamp < 0')).toEqual(compare('@timestamp', 'lt', '1970-01-01T00:00:00.000Z', 'date'));
  });

  it('refuses date math and impossible dates', () => {
    expect(errorOf('@timestamp > now-1d').message).toMatch(/Date math "now-1d" is not supported/);
    expect(errorOf('@timestamp:2024-02-30').message).toMatch(/not an ISO 8601 date/);
  });
});

describe('KQL ranges', () => {
  it('compares numbers on numeric fields', () => {
    expect(parse('process.pid >= 5800 and process.pid<=5810')).toEqual({
      kind: 'and',
      children: [
        compare('process.pid', 'gte', 5800, 'number'),
        compare('process.pid', 'lte', 5810, 'number'),
      ],
    });
    expect(errorOf('process.pid > "x"').message).toMatch(/not a number/);
  });

  it('infers the comparison from the value on fields of unknown type', () => {
    expect(parse('x.count > 0.5')).toEqual(compare('x.count', 'gt', 0.5, 'number'));
    expect(parse('x.when < 2024-01-01')).toEqual(compare('x.when', 'lt', '2024-01-01T00:00:00.000Z', 'date'));
    expect(parse('x.name < m')).toEqual(compare('x.name', 'lt', 'm', 'string'));
  });

  it('compares keyword fields as strings, as Elasticsearch does', () => {
    expect(parse('host.name > 10')).toEqual(compare('host.name', 'gt', '10', 'string'));
  });

  it('refuses wildcard bounds and ranges on text, ip and boolean fields', () => {
    expect(errorOf('x > 1*').message).toMatch(/cannot contain wildcards/);
    expect(errorOf('message > a').message).toMatch(/text field/);
    expect(errorOf('source.ip > 10.0.0.1').message).toMatch(/ip field/);
  });
});

describe('KQL nested field types', () => {
  it('looks up inner field types by their full path', () => {
    expect(parse('items:{ count:3 }')).toEqual({
      kind: 'nested',
      path: 'items',
      child: { kind: 'match', field: 'count', matcher: { kind: 'number', value: 3 } },
    });
  });
});

describe('KQL free text', () => {
  it('searches every field as keyword (exact) or as text (any token)', () => {
    const expr = parse('Mimikatz');
    expect(expr.kind).toBe('or');
    if (expr.kind !== 'or') return;
    expect(expr.children[0]).toEqual({
      kind: 'keyword',
      matcher: { kind: 'string', op: 'equals', value: 'Mimikatz', caseSensitive: true },
    });
    const text = expr.children[1];
    expect(text?.kind).toBe('keyword');
    if (text?.kind !== 'keyword') return;
    expect(regexAccepts(text.matcher, 'running mimikatz.exe now')).toBe(true);
    expect(regexAccepts(text.matcher, 'mimikatzz')).toBe(false);
  });

  it('combines free text with fielded terms', () => {
    const expr = parse('"lsass dump" and host.name:srv');
    expect(expr).toMatchObject({
      kind: 'and',
      children: [{ kind: 'or' }, { kind: 'match', field: 'host.name' }],
    });
  });

  it('keeps a value without any token as an exact keyword search', () => {
    expect(parse('"->"')).toEqual({
      kind: 'keyword',
      matcher: { kind: 'string', op: 'equals', value: '->', caseSensitive: true },
    });
  });
});
