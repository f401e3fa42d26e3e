// Locates the shared reference material (`../shared` beside the repository) for corpus and regression tests.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED = resolve(import.meta.dirname, '../../../shared');
export const SIGMA_CORPUS = join(SHARED, 'corpus/sigma');
export const ELASTIC_CORPUS = join(SHARED, 'corpus/elastic');
export const REGRESSION = join(SHARED, 'regression/regression_data');

/** Title suffix telling why a suite is skipped when the shared material is missing. */
export function absentNote(path: string): string {
  return existsSync(path) ? '' : ` (SKIPPED: ${path} is absent)`;
}
