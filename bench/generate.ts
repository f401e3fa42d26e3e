// The benchmark's event set: seeded background activity in Sysmon and ECS form, with planted true positives.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Rule } from '../src/ir/rule.js';
import { type Activity, ActivityGenerator } from './activity.js';
import { ecsEvent } from './ecs-events.js';
import { applyWitness, witness } from './plant.js';
import { Prng } from './prng.js';
import { sysmonEvent } from './sysmon-events.js';

export interface GenerateOptions {
  count: number;
  seed: number;
  /** Rules to plant true positives for (those with a plantable logsource are used). */
  rules: readonly Rule[];
  /** Share of events that are planted true positives. */
  plantShare: number;
}

export interface GeneratedEvent {
  line: string;
  /** Index of the rule this event was planted for. */
  plantedFor?: number;
}

const SIGMA_KINDS: Record<string, Activity['kind']> = {
  process_creation: 'process',
  network_connection: 'network',
  file_event: 'file',
};

function plantable(rule: Rule): boolean {
  if (!rule.detection || rule.aggregation || rule.notEvaluable.length) return false;
  if (rule.format === 'sigma')
    return rule.logsource.product === 'windows' && !!SIGMA_KINDS[rule.logsource.category ?? ''];
  return rule.language === 'kuery' || rule.language === 'eql';
}

/** The kind of activity an Elastic rule looks at, from the event.category its witness asks for. */
function elasticKind(category: unknown): Activity['kind'] {
  return category === 'network' ? 'network' : category === 'file' ? 'file' : 'process';
}

function planted(rule: Rule, activities: ActivityGenerator, rng: Prng): string {
  const found = witness(rule, rng);
  if (rule.format === 'sigma') {
    const event = sysmonEvent(
      activities.next({ kind: SIGMA_KINDS[rule.logsource.category!]!, os: 'windows' }),
    );
    applyWitness(event, found, false);
    return JSON.stringify(event);
  }
  const os = found.get('host.os.type') === 'linux' ? 'linux' : 'windows';
  const event = ecsEvent(activities.next({ kind: elasticKind(found.get('event.category')), os }));
  applyWitness(event, found, true);
  return JSON.stringify(event);
}

/** Yields `count` JSON lines; the same options always give the same lines. */
export function* generateEvents(options: GenerateOptions): Generator<GeneratedEvent> {
  const rng = new Prng(options.seed);
  const activities = new ActivityGenerator(rng);
  const candidates = options.rules.flatMap((rule, index) => (plantable(rule) ? [index] : []));
  for (let i = 0; i < options.count; i++) {
    if (candidates.length && rng.chance(options.plantShare)) {
      const index = rng.pick(candidates);
      yield { line: planted(options.rules[index]!, activities, rng), plantedFor: index };
      continue;
    }
    const activity = activities.next();
    const sysmon = activity.os === 'windows' && rng.chance(0.55);
    yield { line: JSON.stringify(sysmon ? sysmonEvent(activity) : ecsEvent(activity)) };
  }
}

/** Writes the event set as JSON lines; returns its size and the number of planted events. */
export async function writeEvents(
  path: string,
  options: GenerateOptions,
): Promise<{ bytes: number; planted: number }> {
  const out = createWriteStream(path);
  let bytes = 0;
  let plantedCount = 0;
  let batch: string[] = [];
  for (const event of generateEvents(options)) {
    batch.push(event.line);
    if (event.plantedFor !== undefined) plantedCount++;
    if (batch.length === 4096) {
      const text = `${batch.join('\n')}\n`;
      bytes += Buffer.byteLength(text);
      if (!out.write(text)) await once(out, 'drain');
      batch = [];
    }
  }
  const text = batch.length ? `${batch.join('\n')}\n` : '';
  bytes += Buffer.byteLength(text);
  out.end(text);
  await once(out, 'finish');
  return { bytes, planted: plantedCount };
}
