// Test helper: hunt in-memory events with rules loaded from text, returning alerts as `ruleTitle@line` strings.
import { type Alert, hunt } from '../../src/engine/hunt.js';
import { huntSchemas } from '../../src/engine/hunt-pipelines.js';
import { loadElasticText } from '../../src/formats/elastic/load-toml.js';
import { loadSigmaText } from '../../src/formats/sigma/load.js';
import type { EventItem } from '../../src/io/read-events.js';
import type { Rule } from '../../src/ir/rule.js';

export function elasticRule(toml: string): Rule {
  const result = loadElasticText(toml, 'rule.toml');
  if (result.errors.length) throw new Error(result.errors.map((e) => `${e.line}: ${e.message}`).join('; '));
  return result.rules[0]!;
}

export function sigmaRules(yaml: string): Rule[] {
  const result = loadSigmaText(yaml, 'rules.yml');
  if (result.errors.length) throw new Error(result.errors.map((e) => `${e.line}: ${e.message}`).join('; '));
  return result.rules;
}

async function* items(events: object[]): AsyncGenerator<EventItem> {
  let line = 0;
  for (const event of events)
    yield { record: { event: event as Record<string, unknown>, file: 'events', line: ++line } };
}

/** Hunts the events (numbered from line 1) and returns the alerts. */
export async function huntAlerts(
  rules: Rule[],
  events: object[],
  baseline?: object[],
  pipeline = 'auto',
): Promise<Alert[]> {
  const alerts: Alert[] = [];
  await hunt({
    rules,
    schemas: huntSchemas(pipeline),
    events: items(events),
    ...(baseline ? { baseline: items(baseline) } : {}),
    onAlert: (a) => alerts.push(a),
  });
  return alerts;
}

/** `line` numbers of the alerting events. */
export const lines = (alerts: Alert[]) => alerts.map((a) => a.line);
