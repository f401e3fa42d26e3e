// Loads rules of every supported format from files and folders into one rule list with all errors.
import { readFile } from 'node:fs/promises';
import type { LoadResult } from '../ir/rule.js';
import { readAhead } from '../util/read-ahead.js';
import { walkFiles } from '../util/walk.js';
import { readYamlDocuments } from '../util/yaml-documents.js';
import { loadElasticText } from './elastic/load-toml.js';
import { applySigmaFilters, loadSigmaText, type SigmaFilter } from './sigma/load.js';
import type { Placeholders } from './sigma/placeholders.js';

export interface LoadRulesOptions {
  /** YAML file mapping placeholder names to value lists, for Sigma `|expand`. */
  placeholderFile?: string;
}

const RULE_EXTENSIONS = ['.yml', '.yaml', '.toml'];
/** Rule files read ahead of the one being parsed. */
const FILES_READ_AHEAD = 16;

async function readPlaceholders(file: string): Promise<Placeholders> {
  const [doc] = readYamlDocuments(await readFile(file, 'utf8'));
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

/** Loads all rule files under the given paths; a broken file is reported and the others still load. */
export async function loadRules(
  paths: readonly string[],
  options: LoadRulesOptions = {},
): Promise<LoadResult> {
  const result: LoadResult = { rules: [], errors: [], warnings: [] };
  const placeholders = options.placeholderFile ? await readPlaceholders(options.placeholderFile) : undefined;
  const filters: SigmaFilter[] = [];
  for (const path of paths) {
    try {
      for await (const read of readAhead(walkFiles([path], RULE_EXTENSIONS), FILES_READ_AHEAD)) {
        const { file } = read;
        if ('error' in read) {
          result.errors.push({ file, line: 0, message: read.error.message });
          continue;
        }
        if (file.toLowerCase().endsWith('.toml')) {
          const loaded = loadElasticText(read.text, file);
          result.rules.push(...loaded.rules);
          result.errors.push(...loaded.errors);
          continue;
        }
        const loaded = loadSigmaText(read.text, file, placeholders ? { placeholders } : {});
        result.rules.push(...loaded.rules);
        result.errors.push(...loaded.errors);
        result.warnings.push(...loaded.warnings);
        filters.push(...loaded.filters);
      }
    } catch (error) {
      result.errors.push({ file: path, line: 0, message: (error as Error).message });
    }
  }
  result.warnings.push(...applySigmaFilters(result.rules, filters));
  return result;
}
