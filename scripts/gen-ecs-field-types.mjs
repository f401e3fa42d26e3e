#!/usr/bin/env node
// Generates src/taxonomy/data/ecs-field-types.json, the ECS field → Elasticsearch type table.
//
// Input: the flat ECS field reference `ecs_flat-<version>.json.gz` from the elastic/ecs repository
// (default /work/shared/schemas/ecs/ecs_flat-9.5.0.json.gz, or the path given as the first argument).
// Output: only what is derived from it — every field's flat name and mapping type, plus each multi-field
// (`<field>.<name>`, e.g. `process.command_line.text`) with its own type. Descriptions, examples and all
// other ECS attributes are dropped. The table is grouped by type to stay small:
//   { "ecsVersion": "9.5.0", "types": { "<type>": ["<field>", …], … } }
// with types and field names sorted, so regeneration gives the same file.
//
// Usage: node scripts/gen-ecs-field-types.mjs [path/to/ecs_flat-X.Y.Z.json.gz [output.json]]
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const source = process.argv[2] ?? '/work/shared/schemas/ecs/ecs_flat-9.5.0.json.gz';
const target =
  process.argv[3] ?? join(dirname(fileURLToPath(import.meta.url)), '../src/taxonomy/data/ecs-field-types.json');

const versionMatch = /ecs_flat-(\d+\.\d+\.\d+)\.json/.exec(basename(source));
if (!versionMatch) throw new Error(`cannot read the ECS version from the file name ${source}`);

const flat = JSON.parse(gunzipSync(readFileSync(source)).toString('utf8'));

/** @type {Map<string, string[]>} type → field names */
const byType = new Map();
const add = (field, type) => {
  if (!byType.has(type)) byType.set(type, []);
  byType.get(type).push(field);
};
for (const [field, definition] of Object.entries(flat)) {
  add(field, definition.type);
  for (const multi of definition.multi_fields ?? []) add(`${field}.${multi.name}`, multi.type);
}

/** One `"type": [fields]` entry, on one line when it fits the project's 110-column format, else one per line. */
const typeEntry = (type, fields) => {
  const inline = `    ${JSON.stringify(type)}: [${fields.map((f) => JSON.stringify(f)).join(', ')}]`;
  if (inline.length <= 110) return inline;
  return `    ${JSON.stringify(type)}: [\n${fields.map((f) => `      ${JSON.stringify(f)}`).join(',\n')}\n    ]`;
};
const entries = [...byType.keys()].sort().map((type) => typeEntry(type, byType.get(type).sort()));
const json = `{\n  "ecsVersion": ${JSON.stringify(versionMatch[1])},\n  "types": {\n${entries.join(',\n')}\n  }\n}\n`;
writeFileSync(target, json);

const count = [...byType.values()].reduce((sum, fields) => sum + fields.length, 0);
console.log(`wrote ${count} fields of ${byType.size} types to ${target}`);
