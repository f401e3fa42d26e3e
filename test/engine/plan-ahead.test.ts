// The schemas a multi-thread hunt compiles ahead are those of its first piece, in order.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { huntSchemas } from '../../src/engine/hunt-pipelines.js';
import { PieceMatcher } from '../../src/engine/parallel/match-pieces.js';
import type { TextPiece } from '../../src/engine/parallel/pieces.js';
import { schemasAhead } from '../../src/engine/parallel/plan-ahead.js';
import { loadRules } from '../../src/formats/load-rules.js';

const SYSMON = { EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Image: 'C:\\x.exe' };
const ECS = { ecs: { version: '8.17.0' }, event: { category: ['process'] }, process: { name: 'ss' } };

function textPiece(lines: string[]): TextPiece {
  return { kind: 'text', file: 'x.jsonl', line: 1, bytes: Buffer.from(`${lines.join('\n')}\n`), end: 'file' };
}

describe('schemasAhead', () => {
  const schemas = huntSchemas(undefined);
  const names = (events: object[]) => schemasAhead(textPiece(events.map((e) => JSON.stringify(e))), schemas);

  it('names each schema of the piece once, in the order its events first occur', () => {
    expect(names([SYSMON, SYSMON, ECS, SYSMON])).toEqual(['sysmon', 'ecs']);
    expect(names([ECS, SYSMON])).toEqual(['ecs', 'sysmon']);
    expect(names([ECS])).toEqual(['ecs']);
  });

  it('skips broken lines and reads events the main thread decoded (EVTX)', () => {
    const piece = textPiece(['not json', JSON.stringify(ECS)]);
    expect(schemasAhead(piece, schemas)).toEqual(['ecs']);
    const items = { kind: 'items' as const, items: [{ record: { event: SYSMON, file: 'a.evtx', line: 1 } }] };
    expect(schemasAhead(items, schemas)).toEqual(['sysmon']);
    expect(
      schemasAhead({ kind: 'rejected', rejected: { file: 'x', line: 1, message: 'm' } }, schemas),
    ).toEqual([]);
  });
});

describe('PieceMatcher.prepare', () => {
  it('computes the plan of each named schema once, before any event, and skips names it does not know', async () => {
    const { rules } = await loadRules([resolve(import.meta.dirname, '../../examples/rules/sigma')]);
    const planned: string[] = [];
    const matcher = new PieceMatcher(rules, huntSchemas(undefined), {
      plans: (schema, compute) => {
        planned.push(schema);
        return compute();
      },
    });
    matcher.prepare(['sysmon', 'no-such-schema']);
    expect(planned).toEqual(['sysmon']);
    matcher.prepare(['sysmon', 'ecs']);
    const sysmon = matcher.match(SYSMON);
    expect(planned).toEqual(['sysmon', 'ecs']);
    expect(matcher.schemas[sysmon.schema]!.name).toBe('sysmon');
  });
});
