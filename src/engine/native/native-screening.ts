// Native screening for one matching thread: its Screener, and each schema's prefilter handed to it once compiled.
import type { SchemaRules } from '../rule-set.js';
import type { EventSchema } from '../schemas.js';
import { type NativeScreener, nativeAddon, type ScreenResult } from './native-addon.js';
import { programSpec } from './program-spec.js';

let lowerUnits: Uint16Array | undefined;

/** `toLowerCase` of each BMP character whose lower case is one code unit (surrogates and others map to 0). */
function oneUnitLowerCases(): Uint16Array {
  if (lowerUnits) return lowerUnits;
  lowerUnits = new Uint16Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) {
    if (unit >= 0xd800 && unit < 0xe000) continue;
    const lower = String.fromCharCode(unit).toLowerCase();
    if (lower.length === 1) lowerUnits[unit] = lower.charCodeAt(0);
  }
  return lowerUnits;
}

export class NativeScreening {
  /** Per schema handed over: the slots whose programs were offered (see `offer`). */
  private readonly offered: (Uint8Array | undefined)[];

  private constructor(
    private readonly screener: NativeScreener,
    schemaCount: number,
  ) {
    this.offered = new Array<Uint8Array | undefined>(schemaCount);
  }

  /**
   * Screening for events of these schemas, or undefined without the addon or for a schema detected by a condition
   * native screening does not evaluate.
   */
  static create(schemas: readonly EventSchema[]): NativeScreening | undefined {
    const addon = nativeAddon();
    if (!addon || schemas.some((schema) => schema.detect && !schema.detectExpr)) return undefined;
    try {
      return new NativeScreening(
        new addon.Screener(
          schemas.map((s) => s.detectExpr ?? null),
          oneUnitLowerCases(),
        ),
        schemas.length,
      );
    } catch {
      return undefined; // a detection condition with tests the addon does not evaluate
    }
  }

  /** Whether some schema was handed over (before, every event is matched by JS). */
  get screensAny(): boolean {
    return this.handedCount > 0;
  }

  /** How many schemas were handed over. */
  get handedCount(): number {
    return this.offered.reduce((count, slots) => count + (slots ? 1 : 0), 0);
  }

  /** Hands over the prefilter of schema `index` (the first time only): events of it are then screened natively. */
  add(index: number, entry: SchemaRules): void {
    if (this.offered[index]) return;
    this.screener.addSchema(index, entry.prefilter.screenSpec());
    this.offered[index] = new Uint8Array(entry.compiled.length);
  }

  /**
   * Hands over the programs of slots JS just evaluated for the first time (see `programSpec`): the native screen
   * evaluates them from then on, where it can.
   */
  offer(index: number, entry: SchemaRules, slots: Int32Array): void {
    const offered = this.offered[index]!;
    for (const slot of slots) {
      if (offered[slot]) continue;
      offered[slot] = 1;
      const compiled = entry.compiled[slot]!;
      this.screener.addProgram(
        index,
        slot,
        programSpec(compiled.detection, compiled.rule.logic, compiled.index),
      );
    }
  }

  /** Screens the lines of `bytes` from byte `start`, the first on line `line`. */
  screen(bytes: Uint8Array, start: number, line: number): ScreenResult {
    return this.screener.screen(bytes, start, line);
  }
}
