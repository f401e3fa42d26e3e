// Case-insensitive equivalence of single characters, as IR matchers define it: equal in Unicode lower case.

/** Highest code point scanned when grouping characters by their lower-case form. */
const LAST_CODE_POINT = 0x1ffff;

let groups: Map<string, string[]> | undefined;

/** Characters grouped by their lower-case form, built once on first use. */
function lowerCaseGroups(): Map<string, string[]> {
  if (groups) return groups;
  groups = new Map();
  for (let cp = 0; cp <= LAST_CODE_POINT; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const char = String.fromCodePoint(cp);
    const lower = char.toLowerCase();
    const group = groups.get(lower);
    if (group) group.push(char);
    else groups.set(lower, [char]);
  }
  return groups;
}

/** Every character equal to `char` ignoring case, `char` included, in code point order. */
export function caseVariants(char: string): string[] {
  const group = lowerCaseGroups().get(char.toLowerCase());
  return group?.includes(char) ? group : [char];
}

/** True when some character of `text` has another case form, so case matters when comparing it. */
export function hasCaseVariants(text: string): boolean {
  for (const char of text) if (caseVariants(char).length > 1) return true;
  return false;
}
