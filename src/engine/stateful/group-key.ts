// Group keys for stateful rules: the combinations of values of the group-by fields of one event.
import type { EventView } from '../event-view.js';
import { valueText } from '../match-value.js';

/**
 * Every combination of the fields' values (arrays expand to each element), as JSON keys with the values.
 * Returns [] when a field is missing: such events belong to no group. No fields → one empty group.
 */
export function groupKeys(view: EventView, fields: readonly string[]): { key: string; values: string[] }[] {
  let combos: string[][] = [[]];
  for (const field of fields) {
    const values = [
      ...new Set(
        view
          .values(field)
          .map(valueText)
          .filter((v): v is string => v !== undefined),
      ),
    ];
    if (!values.length) return [];
    combos = combos.flatMap((combo) => values.map((v) => [...combo, v]));
  }
  return combos.map((values) => ({ key: JSON.stringify(values), values }));
}
