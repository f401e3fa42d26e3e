// The SigmaHQ corpus through the splunk-sysmon pipeline: every rule renders or is refused, quoting stays balanced.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splunkBackend } from '../../src/backends/splunk/splunk.js';
import { convertRule } from '../../src/convert/convert-rule.js';
import { loadRules } from '../../src/formats/load-rules.js';
import { loadPipeline } from '../../src/taxonomy/pipeline.js';
import { absentNote, SIGMA_CORPUS } from '../helpers/shared.js';

/**
 * Lexical problems of SPL text: unterminated double-quoted strings (a backslash escapes the next character)
 * and unbalanced parentheses outside them; the search inside each `searchmatch("…")` is checked too.
 */
function lexicalProblems(text: string): string[] {
  const problems: string[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      const start = i;
      let value = '';
      for (i++; i < text.length && text[i] !== '"'; i++)
        value += text[i] === '\\' ? (text[++i] ?? '') : text[i];
      if (i >= text.length) return [...problems, `unterminated string at ${start}`];
      if (text.slice(start - 12, start) === 'searchmatch(') problems.push(...lexicalProblems(value));
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return [...problems, `unbalanced ) at ${i}`];
  }
  return depth === 0 ? problems : [...problems, `${depth} unclosed (`];
}

describe.skipIf(!existsSync(SIGMA_CORPUS))(
  `Splunk output for the Sigma corpus${absentNote(SIGMA_CORPUS)}`,
  () => {
    it('checks its own lexical rules', () => {
      expect(lexicalProblems('a="x\\"y" (b OR c)')).toEqual([]);
      expect(lexicalProblems('a="x\\"')).toEqual(['unterminated string at 2']);
      expect(lexicalProblems('searchmatch("a=\\"(\\"")')).toEqual([]);
      expect(lexicalProblems('searchmatch("(a")')).toEqual(['1 unclosed (']);
    });

    it('renders every convertible rule, refusing the rest as unsupported, with balanced quoting', async () => {
      const rules = (await loadRules([SIGMA_CORPUS])).rules;
      const pipeline = loadPipeline('splunk-sysmon');
      let converted = 0;
      const failures: string[] = [];
      const reasons = new Map<string, number>();
      for (const rule of rules) {
        const result = convertRule(rule, splunkBackend, () => pipeline);
        if (!result.ok) {
          if (!result.error.startsWith('not convertible'))
            failures.push(`${rule.source.file}: ${result.error}`);
          const reason = result.error
            .replace(/'[^']*'/g, "'…'")
            .replace(/\{[^}]*\}/g, '{…}')
            .slice(0, 80);
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
          continue;
        }
        converted++;
        const problems = lexicalProblems(result.query);
        if (problems.length) failures.push(`${rule.source.file}: ${problems.join('; ')}\n${result.query}`);
      }
      const top = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 8);
      console.log(`splunk-sysmon: ${converted} queries; not convertible:`, top);
      expect(failures).toEqual([]);
      expect(converted).toBeGreaterThan(1500);
    });
  },
);
