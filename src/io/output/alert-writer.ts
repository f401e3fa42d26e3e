// Writes hunt alerts as jsonl, csv, or a readable table grouped by rule (with level and ATT&CK ids).
import type { Alert } from '../../engine/hunt.js';
import type { Rule } from '../../ir/rule.js';
import { csvRow } from './csv.js';

export type AlertFormat = 'table' | 'jsonl' | 'csv' | 'json';

export interface AlertWriter {
  write(alert: Alert): void;
  /** Writes anything buffered (table and json formats print at the end). */
  end(): void;
}

/** The alert object of the jsonl format: rule summary, the original event, and where it was read. */
export function alertObject(alert: Alert): Record<string, unknown> {
  const { rule } = alert;
  const out: Record<string, unknown> = {
    rule: {
      id: rule.meta.id,
      title: rule.meta.title,
      level: rule.meta.level ?? null,
      tags: rule.meta.tags,
      source: rule.source.file,
    },
    event: alert.event,
    source: { file: alert.file, line: alert.line },
  };
  if (alert.events && alert.events.length > 1)
    out.events = alert.events.map((e) => ({ event: e.event, source: { file: e.file, line: e.line } }));
  return out;
}

function attackIds(rule: Rule): string {
  return [...rule.meta.attack.tactics.map((t) => t.id ?? t.shortname), ...rule.meta.attack.techniques].join(
    ' ',
  );
}

const LEVEL_ORDER = ['critical', 'high', 'medium', 'low', 'informational'];

function tableWriter(out: (text: string) => void): AlertWriter {
  const byRule = new Map<number, Alert[]>();
  return {
    write(alert) {
      const list = byRule.get(alert.ruleIndex) ?? [];
      list.push(alert);
      byRule.set(alert.ruleIndex, list);
    },
    end() {
      const groups = [...byRule.values()].sort((a, b) => {
        const la = LEVEL_ORDER.indexOf(a[0]!.rule.meta.level ?? 'informational');
        const lb = LEVEL_ORDER.indexOf(b[0]!.rule.meta.level ?? 'informational');
        return la - lb || b.length - a.length;
      });
      for (const alerts of groups) {
        const rule = alerts[0]!.rule;
        const level = (rule.meta.level ?? 'unknown').toUpperCase();
        out(`[${level}] ${rule.meta.title}  (${alerts.length} alert${alerts.length === 1 ? '' : 's'})\n`);
        out(`  rule: ${rule.meta.id}  ${rule.source.file}\n`);
        const attack = attackIds(rule);
        if (attack) out(`  ATT&CK: ${attack}\n`);
        for (const alert of alerts.slice(0, 20))
          out(`  - ${alert.file}:${alert.line}  ${eventGist(alert)}\n`);
        if (alerts.length > 20) out(`  … ${alerts.length - 20} more\n`);
        out('\n');
      }
    },
  };
}

/** A short readable description of the event: the command line or image when present. */
function eventGist(alert: Alert): string {
  const e = alert.event as Record<string, unknown>;
  const data = ((e.Event as Record<string, unknown> | undefined)?.EventData ?? {}) as Record<string, unknown>;
  const process = (e.process ?? {}) as Record<string, unknown>;
  const candidates = [
    e.CommandLine,
    data.CommandLine,
    process.command_line,
    e['process.command_line'],
    e.Image,
    data.Image,
    process.executable,
    data.TargetObject,
    e.TargetObject,
    data.TargetFilename,
  ];
  const text = candidates.find((c) => typeof c === 'string' && c) as string | undefined;
  const gist = text ?? JSON.stringify(e).slice(0, 160);
  return gist.length > 160 ? `${gist.slice(0, 157)}…` : gist;
}

export function alertWriter(format: AlertFormat, out: (text: string) => void): AlertWriter {
  switch (format) {
    case 'table':
      return tableWriter(out);
    case 'jsonl':
      return { write: (alert) => out(`${JSON.stringify(alertObject(alert))}\n`), end() {} };
    case 'json': {
      const all: unknown[] = [];
      return {
        write: (alert) => all.push(alertObject(alert)),
        end: () => out(`${JSON.stringify(all, null, 2)}\n`),
      };
    }
    case 'csv': {
      out(`${csvRow(['rule_id', 'rule_title', 'level', 'attack', 'file', 'line', 'event'])}\n`);
      return {
        write: (a) =>
          out(
            `${csvRow([a.rule.meta.id, a.rule.meta.title, a.rule.meta.level, attackIds(a.rule), a.file, a.line, a.event])}\n`,
          ),
        end() {},
      };
    }
  }
}
