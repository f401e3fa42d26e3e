// IR regular expressions for RE2/PCRE targets: checked with RE2, JavaScript-only escapes rewritten.
import type { RegexFlags } from '../ir/matcher.js';
import { compileRegex } from '../util/safe-regex.js';
import { UnsupportedConstruct } from './target.js';

/**
 * The pattern as plain RE2/PCRE text: `\uXXXX` and `\u{X…}` (which the RE2 binding dragnet matches with
 * accepts, but neither RE2 proper nor PCRE do) become `\x{…}`. Throws UnsupportedConstruct for syntax RE2
 * rejects (lookaround, backreferences).
 */
export function portableRegex(pattern: string, flags: RegexFlags): string {
  try {
    compileRegex(pattern, flags);
  } catch (error) {
    throw new UnsupportedConstruct('regex', (error as Error).message);
  }
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const rest = pattern.slice(i + 1);
    const unicode = /^u(?:([0-9a-fA-F]{4})|\{([0-9a-fA-F]+)\})/.exec(rest);
    if (unicode) {
      out += `\\x{${unicode[1] ?? unicode[2]}}`;
      i += unicode[0].length;
    } else {
      out += ch + (pattern[i + 1] ?? '');
      i++;
    }
  }
  return out;
}
