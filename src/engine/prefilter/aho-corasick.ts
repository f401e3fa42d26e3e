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

/** An automaton's tables: typed arrays and numbers only, so one thread can build them and others use them. */
export interface AutomatonTables {
  /** Classes, OTHER and SKIP included; class ids of patterns are below it. */
  width: number;
  states: number;
  /** delta[state * width + class] → next state. */
  delta: Uint16Array | Uint32Array;
  /** State whose own patterns end here, nearest along the failure chain (0: none). */
  report: Uint32Array;
  fail: Uint32Array;
  /** Payloads of the patterns ending at state s: ownPayloads[ownStart[s] .. ownStart[s + 1]). */
  ownStart: Uint32Array;
  ownPayloads: Int32Array;
  /** States are numbered so that those with patterns to report come last, from this one on. */
  firstReporting: number;
  /** Length of the shortest pattern. */
  shortest: number;
}

/** Builds the dense automaton of the patterns over `width` classes. */
export function buildAutomaton(patterns: readonly Pattern[], width: number): AutomatonTables {
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
  // Payloads of the patterns ending at each state, as one array with per-state offsets.
  const trieOwnStart = new Uint32Array(states + 1);
  patterns.forEach((pattern, index) => {
    trieOwnStart[terminal[index]! + 1]! += pattern.payloads.length;
  });
  for (let s = 0; s < states; s++) trieOwnStart[s + 1]! += trieOwnStart[s]!;
  const trieOwnPayloads = new Int32Array(trieOwnStart[states]!);
  const filled = trieOwnStart.slice(0, states);
  patterns.forEach((pattern, index) => {
    for (const payload of pattern.payloads) trieOwnPayloads[filled[terminal[index]!]!++] = payload;
  });
  // Breadth first, each state's row is its failure state's row with its own children put in.
  const trieDelta = states < 0x10000 ? new Uint16Array(states * width) : new Uint32Array(states * width);
  const trieFail = new Uint32Array(states);
  const trieReport = new Uint32Array(states);
  const queue = new Uint32Array(states);
  let tail = 0;
  queue[tail++] = 0;
  for (let head = 0; head < tail; head++) {
    const state = queue[head]!;
    const row = state * width;
    const failRow = trieFail[state]! * width;
    if (state !== 0) {
      trieDelta.copyWithin(row, failRow, failRow + width);
      trieReport[state] =
        trieOwnStart[state + 1]! > trieOwnStart[state]! ? state : trieReport[trieFail[state]!]!;
    }
    trieDelta[row + SKIP_CLASS] = state;
    for (let child = firstChild[state]!; child >= 0; child = nextSibling[child]!) {
      trieFail[child] = state === 0 ? 0 : trieDelta[failRow + edge[child]!]!;
      queue[tail++] = child;
    }
    for (let child = firstChild[state]!; child >= 0; child = nextSibling[child]!)
      trieDelta[row + edge[child]!] = child;
  }
  // Renumbered: the scan then tells a reporting state by its number, without a table load per character.
  const order = reportingLast(trieReport);
  const rank = new Uint32Array(states);
  order.forEach((state, index) => {
    rank[state] = index;
  });
  const firstReporting = order.findIndex((state) => trieReport[state] !== 0);
  const delta = trieDelta.slice();
  const fail = new Uint32Array(states);
  const report = new Uint32Array(states);
  const ownStart = new Uint32Array(states + 1);
  const ownPayloads = new Int32Array(trieOwnPayloads.length);
  order.forEach((state, index) => {
    for (let c = 0; c < width; c++) delta[index * width + c] = rank[trieDelta[state * width + c]!]!;
    fail[index] = rank[trieFail[state]!]!;
    report[index] = trieReport[state] === 0 ? 0 : rank[trieReport[state]!]!;
    const own = trieOwnPayloads.subarray(trieOwnStart[state]!, trieOwnStart[state + 1]!);
    ownPayloads.set(own, ownStart[index]!);
    ownStart[index + 1] = ownStart[index]! + own.length;
  });
  return {
    width,
    states,
    delta,
    report,
    fail,
    ownStart,
    ownPayloads,
    firstReporting: firstReporting < 0 ? states : firstReporting,
    shortest: patterns.reduce((min, p) => Math.min(min, p.classes.length), Number.POSITIVE_INFINITY),
  };
}

/** Scans texts with an automaton's tables. */
export class AhoCorasick {
  private readonly delta: Uint16Array | Uint32Array;
  private readonly report: Uint32Array;
  private readonly fail: Uint32Array;
  private readonly ownStart: Uint32Array;
  private readonly ownPayloads: Int32Array;
  private readonly firstReporting: number;
  private readonly shortest: number;
  private readonly width: number;
  readonly states: number;

  constructor(tables: AutomatonTables) {
    this.delta = tables.delta;
    this.report = tables.report;
    this.fail = tables.fail;
    this.ownStart = tables.ownStart;
    this.ownPayloads = tables.ownPayloads;
    this.firstReporting = tables.firstReporting;
    this.shortest = tables.shortest;
    this.width = tables.width;
    this.states = tables.states;
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
