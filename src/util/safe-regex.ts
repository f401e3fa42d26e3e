// Regular expressions from untrusted rules, run by RE2 in linear time so no pattern can hang the process.
import RE2 from 're2';
import type { RegexFlags } from '../ir/matcher.js';

export type SafeRegex = { test(text: string): boolean };

const cache = new Map<string, SafeRegex>();

/** RE2's flag string for the pattern flags (always Unicode). */
export function re2Flags(flags: RegexFlags): string {
  return `u${flags.ignoreCase ? 'i' : ''}${flags.multiline ? 'm' : ''}${flags.dotAll ? 's' : ''}`;
}

/** Compiles a pattern with RE2; throws a readable error for syntax RE2 does not support (lookaround, backreferences). */
export function compileRegex(
  pattern: string,
  flags: RegexFlags = { ignoreCase: false, multiline: false, dotAll: false },
): SafeRegex {
  const flagText = re2Flags(flags);
  const key = `${flagText}/${pattern}`;
  let compiled = cache.get(key);
  if (!compiled) {
    try {
      compiled = new RE2(pattern, flagText);
    } catch (error) {
      throw new Error(`invalid regular expression /${pattern}/: ${(error as Error).message}`);
    }
    cache.set(key, compiled);
  }
  return compiled;
}

/** Validates a pattern without keeping it. */
export function checkRegex(pattern: string): void {
  compileRegex(pattern);
}
