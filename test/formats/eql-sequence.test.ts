// EQL sequences and samples → SequenceAggregation: join keys, maxspan, runs, missing events, until.
import { describe, expect, it } from 'vitest';
import { parseEql } from '../../src/formats/elastic/eql/index.js';

const category = (name: string) => ({
  kind: 'match',
  field: 'event.category',
  matcher: { kind: 'string', op: 'equals', value: name, caseSensitive: true },
});

describe('sequence', () => {
  it('builds a sequence aggregation with shared and per-step join keys', () => {
    const result = parseEql(`sequence by host.id with maxspan=30s
      [process where true] by process.entity_id
      [network where true] by process.entity_id`);
    expect(result.detection).toBeUndefined();
    expect(result.notEvaluable).toEqual([]);
    expect(result.sequence).toEqual({
      kind: 'sequence',
      by: ['host.id'],
      maxspanMs: 30_000,
      steps: [
        { expr: category('process'), by: ['process.entity_id'] },
        { expr: category('network'), by: ['process.entity_id'] },
      ],
    });
  });

  it('converts maxspan units ms, s, m, h, d, with or without spaces', () => {
    const spans = ['500ms', '5 s', '2m', '1h', '1d'].map(
      (span) =>
        parseEql(`sequence with maxspan = ${span} [any where true] [any where true]`).sequence?.maxspanMs,
    );
    expect(spans).toEqual([500, 5_000, 120_000, 3_600_000, 86_400_000]);
  });

  it('leaves maxspan out when not given', () => {
    expect(parseEql('sequence [any where true] [any where true]').sequence).not.toHaveProperty('maxspanMs');
  });

  it('records runs, missing events and until', () => {
    const { sequence } = parseEql(`sequence by user.name with maxspan=1h
      [authentication where event.outcome == "failure"] by source.ip with runs=5
      ![authentication where event.outcome == "success"] by source.ip
      until [process where event.type == "end"] by source.ip`);
    expect(sequence?.steps.map((s) => [s.runs, s.missing, s.by])).toEqual([
      [5, undefined, ['source.ip']],
      [undefined, true, ['source.ip']],
    ]);
    expect(sequence?.until).toMatchObject({
      by: ['source.ip'],
      expr: { kind: 'and', children: [category('process'), {}] },
    });
  });

  it('accepts a single step repeated with runs', () => {
    expect(parseEql('sequence by a [any where true] with runs=3').sequence?.steps).toHaveLength(1);
  });

  it('keeps a join key that is not a field as its text, marked not evaluable', () => {
    const result = parseEql('sequence [any where true] by concat(a, b) [any where true] by c');
    expect(result.sequence?.steps[0]?.by).toEqual(['concat(a, b)']);
    expect(result.notEvaluable).toEqual(['join key expression']);
  });

  it('collects not-evaluable constructs from every step', () => {
    const result = parseEql('sequence [any where substring(a, 1) == "x"] [any where 1 + b > 2]');
    expect(result.notEvaluable).toEqual(['function substring()', 'arithmetic operator +']);
  });

  it('rejects malformed sequences', () => {
    const cases: [string, RegExp][] = [
      ['sequence [any where true]', /at least two \[queries\]/],
      ['sequence with maxspan=5 [any where true] [any where true]', /time unit/],
      ['sequence with maxspan=5w [any where true] [any where true]', /time unit/],
      [
        'sequence with maxspan=1m by a [any where true] [any where true]',
        /'sequence by …' before 'with maxspan/,
      ],
      ['sequence [any where true] by a [any where true]', /same number of join keys/],
      ['sequence [any where true] with runs=0 [any where true]', /runs from 1 to 100/],
      ['sequence [any where true] with runs=101 [any where true]', /runs from 1 to 100/],
      ['sequence [any where true] ![any where true]', /missing events .* needs with maxspan/],
      [
        'sequence with maxspan=1m [any where true] [any where true] until ![any where true]',
        /expected '\[' after until/,
      ],
      ['sequence [any where true [any where true]', /expected '\]'/],
    ];
    for (const [query, message] of cases) expect(() => parseEql(query), query).toThrow(message);
  });
});

describe('sample', () => {
  it('is parsed into steps and marked not evaluable, since its events join in any order', () => {
    const result = parseEql(`sample by host.id
      [process where process.name == "a"]
      [network where true]`);
    expect(result.notEvaluable).toEqual(['sample']);
    expect(result.sequence).toEqual({
      kind: 'sequence',
      by: ['host.id'],
      steps: [
        {
          expr: {
            kind: 'and',
            children: [
              category('process'),
              {
                kind: 'match',
                field: 'process.name',
                matcher: { kind: 'string', op: 'equals', value: 'a', caseSensitive: true },
              },
            ],
          },
          by: [],
        },
        { expr: category('network'), by: [] },
      ],
    });
  });

  it('rejects missing events and a single query', () => {
    expect(() => parseEql('sample by a [any where true] ![any where true]')).toThrow(
      /cannot have missing events/,
    );
    expect(() => parseEql('sample by a [any where true]')).toThrow(/at least two/);
  });
});
