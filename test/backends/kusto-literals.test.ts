// Kusto literals under fuzzing: nasty strings in values, names and patterns must parse and decode to themselves.
import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import { kustoBackend } from '../../src/backends/kusto/kusto.js';
import { kustoLanguage, listItems } from '../../src/backends/kusto/kusto-language.js';
import { kustoString } from '../../src/backends/kusto/literal.js';
import { kustoSyntaxErrors } from '../../src/backends/kusto/validate.js';
import { type Expr, match } from '../../src/ir/expr.js';
import { targetRule } from '../helpers/target-rule.js';

const NASTY = [
  '"',
  "'",
  '\\',
  '\\\\',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u0001',
  '\u001b',
  '\u007f',
  '\u2028',
  '\u2029',
  'é',
  'ß',
  'İ',
  '😀',
  '\ud800',
  '\udfff',
  '*',
  '?',
  '@',
  '@"',
  '[',
  "['",
  ']',
  '{',
  '}',
  '|',
  ' ',
  '$',
  '.',
  '(',
  ')',
  '^',
  '%',
  '_',
  '`',
  '```',
  '//',
  'a',
  'Z',
  '0',
  'and',
  'where',
];

/** A deterministic generator (mulberry32), so a failure can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function nastyString(next: () => number): string {
  const length = Math.floor(next() * 8);
  let text = '';
  for (let i = 0; i < length; i++) text += NASTY[Math.floor(next() * NASTY.length)]!;
  return text;
}

/** Values of the string literal (and, optionally, identifier) tokens, in order, as Microsoft's lexer decodes them. */
function tokenValues(query: string, withIdentifiers = false): string[] {
  const { SyntaxKind } = kustoLanguage().Syntax;
  const kinds = [SyntaxKind.StringLiteralToken, ...(withIdentifiers ? [SyntaxKind.IdentifierToken] : [])];
  const values: string[] = [];
  kustoLanguage()
    .KustoCode.Parse(query)
    .Syntax.WalkTokens((token) => {
      if (kinds.includes(token.Kind)) values.push(token.ValueText);
    });
  return values;
}

const render = (detection: Expr) =>
  kustoBackend.render(targetRule(detection, { sources: ['SecurityEvent'] }));

const withoutLoneSurrogates = (text: string) =>
  text.replace(/[\ud800-\udfff]/g, (c, i, s: string) => {
    const pair = /[\ud800-\udbff][\udc00-\udfff]/;
    return pair.test(s.slice(i, i + 2)) || pair.test(s.slice(i - 1, i + 1)) ? c : '';
  });

/** A dotted field is a property path, unless a segment is empty: then it is one column name. */
function pathSegments(field: string): string[] {
  const segments = field.split('.');
  return segments.includes('') ? [field] : segments;
}

describe('string literals', () => {
  it('decode to the original text, verbatim or escaped', () => {
    const next = random(1);
    for (let i = 0; i < 800; i++) {
      const text = nastyString(next);
      const literal = kustoString(text);
      const query = `print ${literal}`;
      expect(kustoSyntaxErrors(query), literal).toEqual([]);
      expect(tokenValues(query), literal).toEqual([text]);
    }
  });

  it('use the verbatim form for backslashes without control characters', () => {
    expect(kustoString('C:\\Windows\\"x"')).toBe('@"C:\\Windows\\""x"""');
    expect(kustoString('a\\\nb')).toBe('"a\\\\\\nb"');
    expect(kustoString('\u0000\u2028\ud800')).toBe('"\\u0000\\u2028\\ud800"');
  });
});

describe('rendered queries', () => {
  it('parse, and carry every value, field name and pattern literally', () => {
    const next = random(2);
    for (let i = 0; i < 300; i++) {
      const [a, b, c] = [nastyString(next), nastyString(next), nastyString(next)];
      const name = `F${a}`;
      const expr: Expr = {
        kind: 'or',
        children: [
          match('Image', { kind: 'string', op: 'equals', value: a, caseSensitive: false }),
          match('Image', { kind: 'string', op: 'equals', value: b, caseSensitive: false }),
          match(name, { kind: 'string', op: 'contains', value: c, caseSensitive: true }),
          { kind: 'keyword', matcher: { kind: 'string', op: 'endswith', value: b, caseSensitive: false } },
          { kind: 'not', child: { kind: 'exists', field: `${b}.${c}` } },
        ],
      };
      const query = render(expr);
      expect(kustoSyntaxErrors(query), query).toEqual([]);
      const values = tokenValues(query, true);
      const names = [...pathSegments(name), ...pathSegments(`${b}.${c}`)];
      for (const expected of [a, b, c, ...names]) expect(values, query).toContain(expected);
    }
  });

  it('match wildcard patterns exactly, as the decoded regex shows', () => {
    const next = random(3);
    for (let i = 0; i < 300; i++) {
      const [prefix, suffix] = [
        withoutLoneSurrogates(nastyString(next)),
        withoutLoneSurrogates(nastyString(next)),
      ];
      const expr = match('CommandLine', {
        kind: 'wildcard',
        parts: [{ type: 'literal', text: prefix }, { type: 'one' }, { type: 'literal', text: suffix }],
        caseSensitive: true,
      });
      const query = render(expr);
      expect(kustoSyntaxErrors(query), query).toEqual([]);
      const pattern = tokenValues(query)[0]!;
      const regex = new RE2(pattern, 'u');
      expect(regex.test(`${prefix}\n${suffix}`), pattern).toBe(true);
      expect(regex.test(`${prefix}${suffix}`), pattern).toBe(false);
      expect(regex.test(`${prefix}xx${suffix}`), pattern).toBe(false);
    }
  });
});

describe('field names', () => {
  it('stay names when they spell a Kusto keyword, as a column or a property', () => {
    const keywords = listItems(kustoLanguage().Syntax.SyntaxFacts.Keywords);
    expect(keywords.length).toBeGreaterThan(200);
    for (const keyword of keywords) {
      for (const field of [keyword, `AdditionalFields.${keyword}`]) {
        const query = render(match(field, { kind: 'string', op: 'equals', value: 'x', caseSensitive: true }));
        expect(kustoSyntaxErrors(query), query).toEqual([]);
        for (const segment of pathSegments(keyword))
          expect(tokenValues(query, true), query).toContain(segment);
      }
    }
  });
});
