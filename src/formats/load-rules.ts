// Loads rules of every supported format from files and folders into one rule list with all errors.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { LoadResult } from '../ir/rule.js';
import { digestOfCode } from '../util/disk-cache.js';
import { inOrder } from '../util/read-ahead.js';
import { walkFiles } from '../util/walk.js';
import { readYamlDocuments } from '../util/yaml-documents.js';
import { loadElasticText } from './elastic/load-toml.js';
import { fileIdentity, type ParsedRuleFile, RuleFileCache } from './rule-file-cache.js';
import { applySigmaFilters, loadSigmaText, type SigmaFilter } from './sigma/load.js';
import type { Placeholders } from './sigma/placeholders.js';

export interface LoadRulesOptions {
  /** YAML file mapping placeholder names to value lists, for Sigma `|expand`. */
  placeholderFile?: string;
  /** Folder where parsed rule files are kept for later runs (see `RuleFileCache`); none: every file is parsed. */
  cacheDir?: string;
}

const RULE_EXTENSIONS = ['.yml', '.yaml', '.toml'];
/** Rule files read ahead of the one being parsed. */
const FILES_READ_AHEAD = 16;

function readPlaceholders(text: string, file: string): Placeholders {
  const [doc] = readYamlDocuments(text);
  if (!doc || doc.errors.length)
    throw new Error(
      `${file}:${doc?.errors[0]?.line ?? 1}: ${doc?.errors[0]?.message ?? 'empty placeholder file'}`,
    );
  const value = doc.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${file}: placeholders must be a map of name → list of values`);
  const map = new Map<string, string[]>();
  for (const [name, values] of Object.entries(value))
    map.set(name, (Array.isArray(values) ? values : [values]).map(String));
  return map;
}

/** What one rule file loads to. */
function parseRuleFile(text: string, file: string, placeholders: Placeholders | undefined): ParsedRuleFile {
  if (file.toLowerCase().endsWith('.toml'))
    return { ...loadElasticText(text, file), warnings: [], filters: [] };
  return loadSigmaText(text, file, placeholders ? { placeholders } : {});
}

/** A rule file as read: its parse kept by an earlier run, its text with its identity, or why it could not be read. */
type ReadRuleFile =
  | { file: string; parsed: ParsedRuleFile }
  | { file: string; text: string; identity: string | undefined }
  | { file: string; error: Error };

/** Reads a rule file unless `cache` has its parse (a file that cannot be looked at is read as before: no cache). */
async function readRuleFile(file: string, cache: RuleFileCache | undefined): Promise<ReadRuleFile> {
  let identity: string | undefined;
  if (cache) {
    try {
      identity = fileIdentity(await stat(file));
      const parsed = cache.get(file, identity);
      if (parsed) return { file, parsed };
    } catch {
      identity = undefined;
    }
  }
  try {
    return { file, text: await readFile(file, 'utf8'), identity };
  } catch (error) {
    return { file, error: error as Error };
  }
}

/** The cache of parses for these paths and placeholders, as made by this code (relative paths: from here). */
function ruleFileCache(dir: string, paths: readonly string[], placeholderText: string): RuleFileCache {
  const key = createHash('sha256')
    .update(digestOfCode())
    .update(JSON.stringify([process.cwd(), paths, placeholderText]))
    .digest('hex');
  return RuleFileCache.open(dir, key);
}

/** Loads all rule files under the given paths; a broken file is reported and the others still load. */
export async function loadRules(
  paths: readonly string[],
  options: LoadRulesOptions = {},
): Promise<LoadResult> {
  const result: LoadResult = { rules: [], errors: [], warnings: [] };
  const placeholderText = options.placeholderFile ? await readFile(options.placeholderFile, 'utf8') : '';
  const placeholders = options.placeholderFile
    ? readPlaceholders(placeholderText, options.placeholderFile)
    : undefined;
  const cache = options.cacheDir ? ruleFileCache(options.cacheDir, paths, placeholderText) : undefined;
  const filters: SigmaFilter[] = [];
  for (const path of paths) {
    try {
      const files = walkFiles([path], RULE_EXTENSIONS);
      for await (const read of inOrder(files, FILES_READ_AHEAD, (file) => readRuleFile(file, cache))) {
        const { file } = read;
        if ('error' in read) {
          result.errors.push({ file, line: 0, message: read.error.message });
          continue;
        }
        let parsed: ParsedRuleFile;
        if ('parsed' in read) parsed = read.parsed;
        else {
          parsed = parseRuleFile(read.text, file, placeholders);
          if (read.identity) cache?.set(file, read.identity, parsed);
        }
        result.rules.push(...parsed.rules);
        result.errors.push(...parsed.errors);
        result.warnings.push(...parsed.warnings);
        filters.push(...parsed.filters);
      }
    } catch (error) {
      result.errors.push({ file: path, line: 0, message: (error as Error).message });
    }
  }
  cache?.save(); // before the filters change the parsed rules
  result.warnings.push(...applySigmaFilters(result.rules, filters));
  return result;
}
