// Parsed KQL queries evaluated by the engine on events: the IR they produce means what Kibana's query means.
import { describe, expect, it } from 'vitest';
import { compileExpr } from '../../src/engine/compile-expr.js';
import { EventView } from '../../src/engine/event-view.js';
import { parseKuery } from '../../src/formats/elastic/kuery/index.js';

/** Whether `query` (ECS field types) selects `event`. */
function selects(query: string, event: Record<string, unknown>): boolean {
  return compileExpr(parseKuery(query), 'boolean')(new EventView(event)) === true;
}

const cmd = {
  host: { os: { type: 'windows' } },
  process: {
    name: 'cmd.exe',
    pid: 4242,
    args: ['cmd.exe', '/c', 'whoami'],
    parent: { name: 'WINWORD.EXE' },
  },
  source: { ip: '192.168.1.20' },
  message: 'Process Created: cmd.exe spawned by Word',
  '@timestamp': '2024-03-01T12:00:00Z',
};

describe('KQL queries on events', () => {
  it('matches keyword fields exactly and case-sensitively', () => {
    expect(selects('process.name:cmd.exe', cmd)).toBe(true);
    expect(selects('process.name:CMD.EXE', cmd)).toBe(false);
    expect(selects('process.parent.name:winword.exe', cmd)).toBe(false);
  });

  it('matches .caseless fields whatever the case', () => {
    const event = { process: { name: { caseless: 'cmd.exe' } } };
    expect(selects('process.name.caseless:CMD.EXE', event)).toBe(true);
  });

  it('matches any element of an array field, wildcards included', () => {
    expect(selects('process.args:(whoami or "net")', cmd)).toBe(true);
    expect(selects('process.args:*who*', cmd)).toBe(true);
    expect(selects('process.args:net', cmd)).toBe(false);
  });

  it('evaluates precedence, negation and exists', () => {
    expect(selects('process.name:powershell.exe or process.pid:4242 and not user.name:*', cmd)).toBe(true);
    expect(selects('(process.name:powershell.exe or process.pid:4242) and user.name:*', cmd)).toBe(false);
  });

  it('matches CIDR networks and ranges on typed fields', () => {
    expect(selects('source.ip:192.168.0.0/16 and process.pid >= 4000', cmd)).toBe(true);
    expect(selects('not source.ip:(10.0.0.0/8 or 172.16.0.0/12)', cmd)).toBe(true);
    expect(selects('@timestamp:2024-03-01 and not @timestamp > 2024-03-01', cmd)).toBe(true);
  });

  it('matches analysed text by tokens, ignoring case', () => {
    expect(selects('message:"process created"', cmd)).toBe(true);
    expect(selects('message:spawned', cmd)).toBe(true);
    expect(selects('message:spawn', cmd)).toBe(false);
  });

  it('searches every field for free text', () => {
    expect(selects('WINWORD.EXE', cmd)).toBe(true);
    expect(selects('"spawned by word"', cmd)).toBe(true);
    expect(selects('excel', cmd)).toBe(false);
  });

  it('matches nested objects one at a time', () => {
    const event = {
      deltas: [
        { action: 'ADD', role: 'viewer' },
        { action: 'REMOVE', role: 'owner' },
      ],
    };
    expect(selects('deltas:{ action:ADD and role:viewer }', event)).toBe(true);
    expect(selects('deltas:{ action:ADD and role:owner }', event)).toBe(false);
  });
});
