// Loads the native screening addon (native/, built by node-gyp when dragnet is installed), when it was built.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Expr } from '../../ir/expr.js';
import { packageRoot } from '../../util/package-root.js';
import type { ProgramSpec } from './program-spec.js';
import type { ScreenSpec } from './screen-spec.js';

/** What `Screener.screen` found for the lines of a piece (see ScreenOutput in native/src/screener.h). */
export interface ScreenResult {
  line: Int32Array;
  start: Int32Array;
  end: Int32Array;
  /** Schema index, or SCREEN_BY_JS. */
  schema: Int32Array;
  /** Rules found true natively for item i, ascending: matches[matchEnd[i - 1] .. matchEnd[i]). */
  matchEnd: Int32Array;
  matches: Int32Array;
  /** Candidate slots of item i left to JS: candidates[candidateEnd[i - 1] .. candidateEnd[i]). */
  candidateEnd: Int32Array;
  candidates: Int32Array;
  /** Byte offset of the line from which JS reads the rest of the piece; -1: screened to the end. */
  resumeAt: number;
  resumeLine: number;
}

/** Items JS parses and matches itself. */
export const SCREEN_BY_JS = -1;

export interface NativeScreener {
  addSchema(index: number, spec: ScreenSpec): void;
  addProgram(schema: number, slot: number, spec: ProgramSpec | null): void;
  screen(bytes: Uint8Array, start: number, line: number): ScreenResult;
}

interface NativeAddon {
  Screener: new (detects: (Expr | null)[], lowerUnits: Uint16Array) => NativeScreener;
}

/** Where node-gyp puts the addon. */
export const ADDON_PATH = join(packageRoot(), 'native', 'build', 'Release', 'dragnet_native.node');

let addon: NativeAddon | null | undefined;

/**
 * The addon, or undefined when it was not built (no compiler or libraries where dragnet was installed), cannot be
 * loaded (a library it was built against is gone: said once on stderr) or `DRAGNET_NATIVE=0` turns it off;
 * `DRAGNET_NATIVE=1` makes a missing or unloadable addon an error.
 */
export function nativeAddon(): NativeAddon | undefined {
  if (addon === undefined) addon = loadAddon(ADDON_PATH, process.env.DRAGNET_NATIVE) ?? null;
  return addon ?? undefined;
}

/** The addon at `path` as `nativeAddon` loads it, `setting` being DRAGNET_NATIVE's value. */
export function loadAddon(path: string, setting: string | undefined): NativeAddon | undefined {
  if (setting === '0') return undefined;
  if (!existsSync(path)) {
    if (setting === '1') throw new Error(`DRAGNET_NATIVE=1 but the native addon is not built (${path})`);
    return undefined;
  }
  try {
    return createRequire(import.meta.url)(path) as NativeAddon;
  } catch (error) {
    const message = `the native addon (${path}) cannot be loaded: ${(error as Error).message}`;
    if (setting === '1') throw new Error(`DRAGNET_NATIVE=1 but ${message}`);
    process.stderr.write(`dragnet: ${message}; matching in JS (npm run build:native rebuilds it)\n`);
    return undefined;
  }
}
