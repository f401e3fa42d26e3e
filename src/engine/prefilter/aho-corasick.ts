// Aho-Corasick over a small class alphabet as a DFA: a table row per state near the root, a few numbers per deeper one.

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

/**
 * Automata with at most this many table entries (1 MiB at 2 bytes each) are one dense table: one load per
 * character. A larger one as one table (27,000 states × 96 classes: 5 MB for SigmaHQ command lines) was read from
 * memory at almost every character of a scan in a hunt, where the rest of the work pushes it out of the CPU caches;
 * it keeps rows for its first DENSE_ENTRIES entries' worth of states (breadth first: those near the root, where most
 * characters leave a scan), and a few numbers for each deeper state.
 */
const ALL_DENSE_ENTRIES = 1 << 19;
const DENSE_ENTRIES = 1 << 17;
/** `nodes` edge marker of a deep state with no child, and of one with several (listed in `edges`). */
const NO_CHILD = -1;
const CHILDREN = -2;

/** An automaton's tables: typed arrays and numbers only, so one thread can build them and others use them. */
export interface AutomatonTables {
  /** Classes, OTHER and SKIP included; class ids of patterns are below it. */
  width: number;
  /** States, numbered breadth first (the root is 0, a state's failure state comes before it). */
  states: number;
  /**
   * States below `dense` have a row: delta[state * width + class] → next state. A next state is stored as
   * `state * 2 + 1` if patterns end there or along its failure chain (it reports), else `state * 2`.
   */
  dense: number;
  delta: Uint16Array | Uint32Array;
  /**
   * Each later state s as three numbers at (s - dense) * 3: the class of its one child and the child (stored as in
   * `delta`), or NO_CHILD, or CHILDREN and where its children are listed in `edges` (count, then class and child
   * pairs); then its failure state, where a class it has no child for is looked up instead.
   */
  nodes: Int32Array;
  edges: Int32Array;
  /** State whose own patterns end here, nearest along the failure chain (0: none). */
  report: Uint32Array;
  fail: Uint32Array;
  /** Payloads of the patterns ending at state s: ownPayloads[ownStart[s] .. ownStart[s + 1]). */
  ownStart: Uint32Array;
  ownPayloads: Int32Array;
  /** Length of the shortest pattern. */
  shortest: number;
}

/** The trie of the patterns as child lists, states numbered as created. */
function patternTrie(patterns: readonly Pattern[]) {
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
  return { states, firstChild, nextSibling, edge, terminal };
}

/**
 * Builds the automaton of the patterns over `width` classes; with more than `allDense` entries, only the first
 * `denseEntries` worth of states get rows (see ALL_DENSE_ENTRIES).
 */
export function buildAutomaton(
  patterns: readonly Pattern[],
  width: number,
  { allDense = ALL_DENSE_ENTRIES, denseEntries = DENSE_ENTRIES } = {},
): AutomatonTables {
  const { states, firstChild, nextSibling, edge, terminal } = patternTrie(patterns);
  const dense =
    states * width <= allDense ? states : Math.max(1, Math.min(states, Math.floor(denseEntries / width)));
  const delta = states * 2 < 0x10000 ? new Uint16Array(dense * width) : new Uint32Array(dense * width);
  // Breadth first (`order`, `rank`: trie state ↔ final number), each state's failure and report links set as it is
  // queued (both lead to shallower states, queued before it), and a row for each of the first `dense` states: its
  // failure state's row (numbered before it, so dense too) with its own children written over it.
  const trieFail = new Uint32Array(states);
  const own = new Uint8Array(states);
  for (const state of terminal) own[state] = 1;
  const trieReport = new Uint32Array(states);
  const order = new Uint32Array(states);
  const rank = new Uint32Array(states);
  /** A trie state as transitions store it: its number, doubled, plus one if it reports. */
  const target = (state: number) => rank[state]! * 2 + (trieReport[state] === 0 ? 0 : 1);
  /** The trie child of `state` on class `cls`, or -1. */
  const childOn = (state: number, cls: number) => {
    let child = firstChild[state]!;
    while (child >= 0 && edge[child] !== cls) child = nextSibling[child]!;
    return child;
  };
  /** Where `state` goes on class `cls`, following failure links: a row's entry once a dense state is reached. */
  const next = (state: number, cls: number): number => {
    for (let s = state; ; s = trieFail[s]!) {
      if (rank[s]! < dense) return order[delta[rank[s]! * width + cls]! >>> 1]!;
      const child = childOn(s, cls);
      if (child >= 0) return child;
    }
  };
  let tail = 1;
  for (let head = 0; head < tail; head++) {
    const state = order[head]!;
    for (let child = firstChild[state]!; child >= 0; child = nextSibling[child]!) {
      trieFail[child] = state === 0 ? 0 : next(trieFail[state]!, edge[child]!);
      trieReport[child] = own[child] ? child : trieReport[trieFail[child]!]!;
      rank[child] = tail;
      order[tail++] = child;
    }
    if (head >= dense) continue;
    const row = head * width;
    if (state !== 0) {
      const failRow = rank[trieFail[state]!]! * width;
      delta.copyWithin(row, failRow, failRow + width);
    }
    delta[row + SKIP_CLASS] = target(state);
    for (let child = firstChild[state]!; child >= 0; child = nextSibling[child]!)
      delta[row + edge[child]!] = target(child);
  }
  const nodes = new Int32Array((states - dense) * 3);
  const edges: number[] = [];
  for (let index = dense; index < states; index++) {
    const state = order[index]!;
    const at = (index - dense) * 3;
    const children: number[] = [];
    for (let child = firstChild[state]!; child >= 0; child = nextSibling[child]!) children.push(child);
    if (children.length === 0) nodes[at] = NO_CHILD;
    else if (children.length === 1) {
      nodes[at] = edge[children[0]!]!;
      nodes[at + 1] = target(children[0]!);
    } else {
      nodes[at] = CHILDREN;
      nodes[at + 1] = edges.length;
      edges.push(children.length, ...children.flatMap((child) => [edge[child]!, target(child)]));
    }
    nodes[at + 2] = rank[trieFail[state]!]!;
  }
  // Payloads per state, and the failure and report links, in the final numbering.
  const fail = new Uint32Array(states);
  const report = new Uint32Array(states);
  const ownStart = new Uint32Array(states + 1);
  const payloadsAt = new Map<number, number[]>();
  patterns.forEach((pattern, index) => {
    const list = payloadsAt.get(terminal[index]!) ?? [];
    list.push(...pattern.payloads);
    payloadsAt.set(terminal[index]!, list);
  });
  const ownPayloads: number[] = [];
  order.forEach((state, index) => {
    fail[index] = rank[trieFail[state]!]!;
    report[index] = trieReport[state] === 0 ? 0 : rank[trieReport[state]!]!;
    ownPayloads.push(...(payloadsAt.get(state) ?? []));
    ownStart[index + 1] = ownPayloads.length;
  });
  return {
    width,
    states,
    dense,
    delta,
    nodes,
    edges: Int32Array.from(edges),
    report,
    fail,
    ownStart,
    ownPayloads: Int32Array.from(ownPayloads),
    shortest: patterns.reduce((min, p) => Math.min(min, p.classes.length), Number.POSITIVE_INFINITY),
  };
}

/** Scans texts with an automaton's tables. */
export class AhoCorasick {
  private readonly width: number;
  private readonly dense: number;
  private readonly delta: Uint16Array | Uint32Array;
  private readonly nodes: Int32Array;
  private readonly edges: Int32Array;
  private readonly report: Uint32Array;
  private readonly fail: Uint32Array;
  private readonly ownStart: Uint32Array;
  private readonly ownPayloads: Int32Array;
  private readonly shortest: number;
  readonly states: number;

  constructor(tables: AutomatonTables) {
    this.width = tables.width;
    this.dense = tables.dense;
    this.delta = tables.delta;
    this.nodes = tables.nodes;
    this.edges = tables.edges;
    this.report = tables.report;
    this.fail = tables.fail;
    this.ownStart = tables.ownStart;
    this.ownPayloads = tables.ownPayloads;
    this.shortest = tables.shortest;
    this.states = tables.states;
  }

  /** Runs the text through the automaton; a code unit's class is `classes[symbols[unit]]`. */
  scan(text: string, symbols: Uint16Array, classes: Uint8Array, sink: HitSink): void {
    if (this.shortest >= MIN_SKIP) {
      this.scanSkipping(text, symbols, classes, sink);
      return;
    }
    const { delta, width, dense } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const cls = classes[symbols[text.charCodeAt(i)]!]!;
      const next = state < dense ? delta[state * width + cls]! : this.deep(state, cls);
      state = next >>> 1;
      if (next & 1) this.emit(this.report[state]!, sink);
    }
  }

  /**
   * As `scan`, jumping over text no pattern can start in: at the root, if the code unit `shortest - 1` ahead is in no
   * pattern, no occurrence starts before it (each would cover it), so the scan goes on after it, at the root.
   */
  private scanSkipping(text: string, symbols: Uint16Array, classes: Uint8Array, sink: HitSink): void {
    const { delta, width, dense, shortest } = this;
    const end = text.length;
    if (end < shortest) return; // too short for any pattern, even without ignored characters
    let state = 0;
    for (let i = 0; i < end; i++) {
      if (state === 0) {
        while (i + shortest <= end && classes[symbols[text.charCodeAt(i + shortest - 1)]!] === OTHER_CLASS)
          i += shortest;
        if (i >= end) return;
      }
      const cls = classes[symbols[text.charCodeAt(i)]!]!;
      const next = state < dense ? delta[state * width + cls]! : this.deep(state, cls);
      state = next >>> 1;
      if (next & 1) this.emit(this.report[state]!, sink);
    }
  }

  /** The state after a state without a row on a character of class `cls`, stored as in `AutomatonTables.delta`. */
  private deep(state: number, cls: number): number {
    const { dense, nodes } = this;
    if (cls === SKIP_CLASS) return state * 2 + (this.report[state] === 0 ? 0 : 1);
    let s = state;
    while (true) {
      const at = (s - dense) * 3;
      const child = nodes[at]!;
      if (child === cls) return nodes[at + 1]!;
      if (child === CHILDREN) {
        const edges = this.edges;
        const start = nodes[at + 1]!;
        for (let e = start + 1; e < start + 1 + 2 * edges[start]!; e += 2)
          if (edges[e] === cls) return edges[e + 1]!;
      }
      s = nodes[at + 2]!; // no child for the class: as the failure state would go (the root has a row)
      if (s < dense) return this.delta[s * this.width + cls]!;
    }
  }

  private emit(first: number, sink: HitSink): void {
    for (let state = first; state !== 0; state = this.report[this.fail[state]!]!) {
      for (let i = this.ownStart[state]!; i < this.ownStart[state + 1]!; i++) sink.hit(this.ownPayloads[i]!);
    }
  }
}
