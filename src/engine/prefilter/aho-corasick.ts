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
/** Shortest pattern length from which a scan jumps over text in no pattern (shorter jumps cost more than they save). */
const MIN_SKIP = 3;

/** The states in breadth-first order, those with patterns to report (a nonzero `report`) moved after the rest. */
function reportingLast(report: Uint32Array): number[] {
  const states = Array.from(report.keys());
  return [...states.filter((s) => report[s] === 0), ...states.filter((s) => report[s] !== 0)];
}

export class AhoCorasick {
  /** delta[state * width + class] → next state. */
  private readonly delta: Uint16Array | Uint32Array;
  /** State whose own patterns end here, nearest along the failure chain (0: none). */
  private readonly report: Uint32Array;
  private readonly fail: Uint32Array;
  private readonly ownStart: Uint32Array;
  private readonly ownPayloads: Int32Array;
  /** States are numbered so that those with patterns to report come last, from this one on. */
  private readonly firstReporting: number;
  /** Length of the shortest pattern. */
  private readonly shortest: number;
  readonly states: number;

  /** `width` counts all classes, OTHER and SKIP included; class ids of patterns are below it. */
  constructor(
    patterns: readonly Pattern[],
    private readonly width: number,
  ) {
    // The trie as child lists (first child, next sibling, class of the edge into each state).
    const bound = patterns.reduce((sum, p) => sum + p.classes.length, 1);
    const firstChild = new Int32Array(bound).fill(-1);
    const nextSibling = new Int32Array(bound).fill(-1);
    const edge = new Int32Array(bound);
    const terminal = new Int32Array(patterns.length);
    let states = 1;
    patterns.forEach((pattern, index) => {
      let state = 0;
      for (const cls of pattern.classes) {
        let next = firstChild[state]!;
        while (next >= 0 && edge[next] !== cls) next = nextSibling[next]!;
        if (next < 0) {
          next = states++;
          edge[next] = cls;
          nextSibling[next] = firstChild[state]!;
          firstChild[state] = next;
        }
        state = next;
      }
      terminal[index] = state;
    });
    this.states = states;
    this.shortest = patterns.reduce((min, p) => Math.min(min, p.classes.length), Number.POSITIVE_INFINITY);
    // Payloads of the patterns ending at each state, as one array with per-state offsets.
    this.ownStart = new Uint32Array(states + 1);
    patterns.forEach((pattern, index) => {
      this.ownStart[terminal[index]! + 1]! += pattern.payloads.length;
    });
    for (let s = 0; s < states; s++) this.ownStart[s + 1]! += this.ownStart[s]!;
    this.ownPayloads = new Int32Array(this.ownStart[states]!);
    const filled = this.ownStart.slice(0, states);
    patterns.forEach((pattern, index) => {
      for (const payload of pattern.payloads) this.ownPayloads[filled[terminal[index]!]!++] = payload;
    });
    // Breadth first, each state's row is its failure state's row with its own children put in.
    const delta = states < 0x10000 ? new Uint16Array(states * width) : new Uint32Array(states * width);
    const fail = new Uint32Array(states);
    const report = new Uint32Array(states);
    const queue = new Uint32Array(states);
    let tail = 0;
    queue[tail++] = 0;
    for (let head = 0; head < tail; head++) {
      const state = queue[head]!;
      const row = state * width;
      const failRow = fail[state]! * width;
      if (state !== 0) {
        delta.copyWithin(row, failRow, failRow + width);
        report[state] = this.ownStart[state + 1]! > this.ownStart[state]! ? state : report[fail[state]!]!;
      }
      delta[row + SKIP_CLASS] = state;
      for (let child = firstChild[state]!; child >= 0; child = nextSibling[child]!) {
        fail[child] = state === 0 ? 0 : delta[failRow + edge[child]!]!;
        queue[tail++] = child;
      }
      for (let child = firstChild[state]!; child >= 0; child = nextSibling[child]!)
        delta[row + edge[child]!] = child;
    }
    // Renumbered: the scan then tells a reporting state by its number, without a table load per character.
    const order = reportingLast(report);
    const rank = new Uint32Array(states);
    order.forEach((state, index) => {
      rank[state] = index;
    });
    this.firstReporting = order.findIndex((state) => report[state] !== 0);
    if (this.firstReporting < 0) this.firstReporting = states;
    this.delta = delta.slice();
    this.fail = new Uint32Array(states);
    this.report = new Uint32Array(states);
    const ownStart = new Uint32Array(states + 1);
    const ownPayloads = new Int32Array(this.ownPayloads.length);
    order.forEach((state, index) => {
      for (let c = 0; c < width; c++) this.delta[index * width + c] = rank[delta[state * width + c]!]!;
      this.fail[index] = rank[fail[state]!]!;
      this.report[index] = report[state] === 0 ? 0 : rank[report[state]!]!;
      const own = this.ownPayloads.subarray(this.ownStart[state]!, this.ownStart[state + 1]!);
      ownPayloads.set(own, ownStart[index]!);
      ownStart[index + 1] = ownStart[index]! + own.length;
    });
    this.ownStart = ownStart;
    this.ownPayloads = ownPayloads;
  }

  /** Runs the text through the automaton; a code unit's class is `classes[symbols[unit]]`. */
  scan(text: string, symbols: Uint16Array, classes: Uint8Array, sink: HitSink): void {
    if (this.shortest >= MIN_SKIP) {
      this.scanSkipping(text, symbols, classes, sink);
      return;
    }
    const { delta, width, report, firstReporting } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      state = delta[state * width + classes[symbols[text.charCodeAt(i)]!]!]!;
      if (state >= firstReporting) this.emit(report[state]!, sink);
    }
  }

  /**
   * As `scan`, jumping over text no pattern can start in: at the root, if the code unit `shortest - 1` ahead is in no
   * pattern, no occurrence starts before it (each would cover it), so the scan goes on after it, at the root.
   */
  private scanSkipping(text: string, symbols: Uint16Array, classes: Uint8Array, sink: HitSink): void {
    const { delta, width, report, firstReporting, shortest } = this;
    const end = text.length;
    if (end < shortest) return; // too short for any pattern, even without ignored characters
    let state = 0;
    for (let i = 0; i < end; i++) {
      if (state === 0) {
        while (i + shortest <= end && classes[symbols[text.charCodeAt(i + shortest - 1)]!] === OTHER_CLASS)
          i += shortest;
        if (i >= end) return;
      }
      state = delta[state * width + classes[symbols[text.charCodeAt(i)]!]!]!;
      if (state >= firstReporting) this.emit(report[state]!, sink);
    }
  }

  private emit(first: number, sink: HitSink): void {
    for (let state = first; state !== 0; state = this.report[this.fail[state]!]!) {
      for (let i = this.ownStart[state]!; i < this.ownStart[state + 1]!; i++) sink.hit(this.ownPayloads[i]!);
    }
  }
}
