// MITRE ATT&CK enterprise tactics, and parsing of `attack.*` tags into tactic and technique ids.
import type { AttackMapping, AttackTactic } from './rule.js';

const TACTICS: readonly AttackTactic[] = [
  { id: 'TA0043', name: 'Reconnaissance', shortname: 'reconnaissance' },
  { id: 'TA0042', name: 'Resource Development', shortname: 'resource-development' },
  { id: 'TA0001', name: 'Initial Access', shortname: 'initial-access' },
  { id: 'TA0002', name: 'Execution', shortname: 'execution' },
  { id: 'TA0003', name: 'Persistence', shortname: 'persistence' },
  { id: 'TA0004', name: 'Privilege Escalation', shortname: 'privilege-escalation' },
  { id: 'TA0005', name: 'Defense Evasion', shortname: 'defense-evasion' },
  { id: 'TA0006', name: 'Credential Access', shortname: 'credential-access' },
  { id: 'TA0007', name: 'Discovery', shortname: 'discovery' },
  { id: 'TA0008', name: 'Lateral Movement', shortname: 'lateral-movement' },
  { id: 'TA0009', name: 'Collection', shortname: 'collection' },
  { id: 'TA0011', name: 'Command and Control', shortname: 'command-and-control' },
  { id: 'TA0010', name: 'Exfiltration', shortname: 'exfiltration' },
  { id: 'TA0040', name: 'Impact', shortname: 'impact' },
  // The split of Defense Evasion used by current SigmaHQ tags; their tactic ids are not known to dragnet yet.
  { name: 'Stealth', shortname: 'stealth' },
  { name: 'Defense Impairment', shortname: 'defense-impairment' },
];

/** Finds a tactic by id (TA0007), name (Discovery) or short name (discovery, defense_evasion). */
export function findTactic(key: string): AttackTactic | undefined {
  const k = key.trim().toLowerCase().replace(/[_ ]/g, '-');
  return TACTICS.find(
    (t) => t.id?.toLowerCase() === k || t.shortname === k || t.name.toLowerCase().replace(/ /g, '-') === k,
  );
}

const TECHNIQUE = /^t\d{4}(\.\d{3})?$/i;

/** Reads ATT&CK tactics and techniques from Sigma tags such as `attack.discovery` and `attack.t1059.004`. */
export function attackFromTags(tags: readonly string[]): AttackMapping {
  const mapping: AttackMapping = { tactics: [], techniques: [] };
  for (const tag of tags) {
    const m = /^attack\.(.+)$/i.exec(tag.trim());
    if (!m?.[1]) continue;
    addAttack(mapping, m[1]);
  }
  return mapping;
}

/** Adds one tactic or technique reference (id or name) to the mapping, ignoring duplicates and unknowns. */
export function addAttack(mapping: AttackMapping, ref: string): void {
  if (TECHNIQUE.test(ref)) {
    const id = ref.toUpperCase();
    if (!mapping.techniques.includes(id)) mapping.techniques.push(id);
    return;
  }
  const tactic = findTactic(ref);
  if (tactic && !mapping.tactics.some((t) => t.shortname === tactic.shortname)) mapping.tactics.push(tactic);
}
