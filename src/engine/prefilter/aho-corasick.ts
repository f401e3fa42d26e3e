// Aho-Corasick over a small class alphabet, compiled to a dense DFA: one table load per character scanned.

/** A pattern as a sequence of classes (never the OTHER or SKIP class) and the payloads reported when it occurs. */
export interface Pattern {
  classes: readonly number[];
  payloads: readonly number[];
}

/** Receives the payloads of every pattern found. */
export interface HitSink {
  hit(payload: number): void;
}

/** Class of characters that occur in no pattern: every state goes back to the root. */
export const OTHER_CLASS = 0;
/** Class of ignored characters: every state stays where it is. */
export const SKIP_CLASS = 1;

export class AhoCorasick {
  /** delta[state * width + class] → next state. */
  private readonly delta: Uint16Array | Uint32Array;
  /** State whose own patterns end here, nearest along the failure chain (0: none). */
  private readonly report: Uint32Array;
  private readonly fail: Uint32Array;
  private readonly ownStart: Uint32Array;
  private readonly ownPayloads: Int32Array;
  readonly states: number;

  /** `width` counts all classes, OTHER and SKIP included; class ids of patterns are below it. */
  constructor(
    patterns: readonly Pattern[],
    private readonly width: number,
  ) {
    const bound = patterns.reduce((sum, p) => sum + p.classes.length, 1);
    const goto = new Int32Array(bound * width).fill(-1);
    const ownLists: number[][] = [[]];
    let states = 1;
    for (const pattern of patterns) {
      let state = 0;
      for (const cls of pattern.classes) {
        let next = goto[state * width + cls]!;
        if (next < 0) {
          next = states++;
          goto[state * width + cls] = next;
          ownLists.push([]);
        }
        state = next;
      }
      ownLists[state]!.push(...pattern.payloads);
    }
    this.states = states;
    const delta = states < 0x10000 ? new Uint16Array(states * width) : new Uint32Array(states * width);
    const fail = new Uint32Array(states);
    const report = new Uint32Array(states);
    const queue = new Uint32Array(states);
    let head = 0;
    let tail = 0;
    for (let cls = 0; cls < width; cls++) {
      const next = goto[cls]!;
      if (cls !== SKIP_CLASS && next > 0) {
        delta[cls] = next;
        queue[tail++] = next;
      }
    }
    while (head < tail) {
      const state = queue[head++]!;
      const row = state * width;
      const failRow = fail[state]! * width;
      report[state] = ownLists[state]!.length ? state : report[fail[state]!]!;
      for (let cls = 0; cls < width; cls++) {
        if (cls === SKIP_CLASS) {
          delta[row + cls] = state;
          continue;
        }
        const next = goto[row + cls]!;
        if (next > 0) {
          fail[next] = delta[failRow + cls]!;
          delta[row + cls] = next;
          queue[tail++] = next;
        } else delta[row + cls] = delta[failRow + cls]!;
      }
    }
    this.delta = delta;
    this.fail = fail;
    this.report = report;
    this.ownStart = new Uint32Array(states + 1);
    for (let s = 0; s < states; s++) this.ownStart[s + 1] = this.ownStart[s]! + ownLists[s]!.length;
    this.ownPayloads = Int32Array.from(ownLists.flat());
  }

  /** Runs the text through the automaton; a code unit's class is `classes[symbols[unit]]`. */
  scan(text: string, symbols: Uint16Array, classes: Uint8Array, sink: HitSink): void {
    const { delta, width, report } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      state = delta[state * width + classes[symbols[text.charCodeAt(i)]!]!]!;
      if (report[state] !== 0) this.emit(report[state]!, sink);
    }
  }

  private emit(first: number, sink: HitSink): void {
    for (let state = first; state !== 0; state = this.report[this.fail[state]!]!) {
      for (let i = this.ownStart[state]!; i < this.ownStart[state + 1]!; i++) sink.hit(this.ownPayloads[i]!);
    }
  }
}
