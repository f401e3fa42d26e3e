// Regexes a field's values are searched for as prefilter needs, run as RE2 sets: one pass finds all that match.
import RE2 from 're2';
import type { RegexMatcher } from '../../ir/matcher.js';
import { re2Flags } from '../../util/safe-regex.js';
import type { HitSink } from './aho-corasick.js';

/** The patterns of one flag string (a set takes its flags for all of its patterns) and their payloads. */
interface FlagGroup {
  /** Undefined when RE2 could not build the set: every payload is then reported for every value. */
  set: { match(input: Buffer): number[] } | undefined;
  payloads: Int32Array[];
}

/** A regex and the payloads to report when a value matches it. */
export interface PatternPayloads {
  regex: RegexMatcher;
  payloads: readonly number[];
}

export class PatternSets {
  private readonly groups: FlagGroup[] = [];

  constructor(patterns: readonly PatternPayloads[]) {
    const byFlags = new Map<string, { sources: string[]; payloads: Int32Array[] }>();
    for (const { regex, payloads } of patterns) {
      const flags = re2Flags(regex.flags);
      const group = byFlags.get(flags) ?? { sources: [], payloads: [] };
      group.sources.push(regex.pattern);
      group.payloads.push(Int32Array.from(payloads));
      byFlags.set(flags, group);
    }
    for (const [flags, { sources, payloads }] of byFlags) {
      let set: FlagGroup['set'];
      try {
        set = new RE2.Set(sources, flags);
      } catch {
        set = undefined;
      }
      this.groups.push({ set, payloads });
    }
  }

  /** Reports the payloads of every pattern the text (as UTF-8) matches; of all, where RE2 cannot tell. */
  match(bytes: Buffer, sink: HitSink): void {
    for (const { set, payloads } of this.groups) {
      let found: number[] | undefined;
      try {
        found = set?.match(bytes);
      } catch {
        found = undefined; // out of memory for this text: RE2 does not say which patterns match
      }
      if (found === undefined) {
        for (const list of payloads) for (let i = 0; i < list.length; i++) sink.hit(list[i]!);
        continue;
      }
      for (const index of found) {
        const list = payloads[index]!;
        for (let i = 0; i < list.length; i++) sink.hit(list[i]!);
      }
    }
  }
}
