// Kibana `threat` entries (MITRE ATT&CK tactic → techniques → sub-techniques) from the rule's ATT&CK mapping.
import type { AttackMapping } from '../../ir/rule.js';

const ATTACK = 'https://attack.mitre.org';

export interface KibanaAttackEntry {
  id: string;
  name: string;
  reference: string;
}

export interface KibanaTechnique extends KibanaAttackEntry {
  subtechnique?: KibanaAttackEntry[];
}

export interface KibanaThreat {
  framework: 'MITRE ATT&CK';
  tactic: KibanaAttackEntry;
  technique?: KibanaTechnique[];
}

/** Looks up a technique's name (T1049 → System Network Connections Discovery); without one the id is used. */
export type TechniqueNames = (id: string) => string | undefined;

/**
 * One entry per tactic with a known id (Kibana requires one). The IR keeps tactics and techniques as two lists without saying which technique
 * serves which tactic, so every technique is listed under every tactic; techniques of a rule without a tactic
 * are left out, as Kibana requires a tactic per entry.
 */
export function kibanaThreat(attack: AttackMapping, techniqueName: TechniqueNames): KibanaThreat[] {
  const techniques = groupTechniques(attack.techniques, techniqueName);
  return attack.tactics.flatMap(({ id, name }) =>
    id
      ? [
          {
            framework: 'MITRE ATT&CK' as const,
            tactic: { id, name, reference: `${ATTACK}/tactics/${id}/` },
            ...(techniques.length ? { technique: techniques } : {}),
          },
        ]
      : [],
  );
}

function groupTechniques(ids: readonly string[], techniqueName: TechniqueNames): KibanaTechnique[] {
  const byParent = new Map<string, KibanaTechnique>();
  const entry = (id: string): KibanaAttackEntry => ({
    id,
    name: techniqueName(id) ?? id,
    reference: `${ATTACK}/techniques/${id.replace('.', '/')}/`,
  });
  for (const id of ids) {
    const [parent] = id.split('.');
    let technique = byParent.get(parent!);
    if (!technique) {
      technique = entry(parent!);
      byParent.set(parent!, technique);
    }
    if (id !== parent) {
      technique.subtechnique ??= [];
      technique.subtechnique.push(entry(id));
    }
  }
  return [...byParent.values()];
}
