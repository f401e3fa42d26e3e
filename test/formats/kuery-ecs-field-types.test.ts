// ECS field types behind KQL's default field typing: lookups, `.caseless` fields, and the generated table.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ECS_VERSION, ecsFieldType } from '../../src/taxonomy/ecs-field-types.js';

const ECS_SOURCE = `/work/shared/schemas/ecs/ecs_flat-${ECS_VERSION}.json.gz`;
const sourcePresent = existsSync(ECS_SOURCE);

describe('ecsFieldType', () => {
  it('gives the mapping type of ECS fields', () => {
    expect(ecsFieldType('@timestamp')).toBe('date');
    expect(ecsFieldType('process.name')).toBe('keyword');
    expect(ecsFieldType('process.command_line')).toBe('wildcard');
    expect(ecsFieldType('process.pid')).toBe('long');
    expect(ecsFieldType('source.ip')).toBe('ip');
    expect(ecsFieldType('process.interactive')).toBe('boolean');
    expect(ecsFieldType('data_stream.dataset')).toBe('constant_keyword');
    expect(ecsFieldType('message')).toBe('match_only_text');
  });

  it('includes multi-fields', () => {
    expect(ecsFieldType('process.command_line.text')).toBe('match_only_text');
    expect(ecsFieldType('user.name.text')).toBe('match_only_text');
  });

  it('types <string field>.caseless as keyword, and nothing else', () => {
    expect(ecsFieldType('process.name.caseless')).toBe('keyword');
    expect(ecsFieldType('process.executable.caseless')).toBe('keyword');
    expect(ecsFieldType('process.pid.caseless')).toBeUndefined();
    expect(ecsFieldType('no.such.field.caseless')).toBeUndefined();
  });

  it('knows nothing of fields outside ECS', () => {
    expect(ecsFieldType('winlog.event_data.TargetImage')).toBeUndefined();
    expect(ecsFieldType('constructor')).toBeUndefined();
  });
});

describe('generated ECS field type table', () => {
  it.skipIf(!sourcePresent)(
    `matches a fresh generation from the ECS schema${sourcePresent ? '' : ` (skipped: ${ECS_SOURCE} not found)`}`,
    () => {
      const output = join(mkdtempSync(join(tmpdir(), 'ecs-types-')), 'ecs-field-types.json');
      execFileSync(process.execPath, ['scripts/gen-ecs-field-types.mjs', ECS_SOURCE, output]);
      const committed = readFileSync('src/taxonomy/data/ecs-field-types.json', 'utf8');
      expect(readFileSync(output, 'utf8')).toBe(committed);
    },
  );
});
