// Stage one of a hunt on several threads: the main thread reads and cuts the input, it and workers parse and match.
import { READ_CHUNK_BYTES, type ReadProgress } from '../../io/read-events.js';
import type { Rule } from '../../ir/rule.js';
import { huntPipelines, huntSchemas } from '../hunt-pipelines.js';
import type { MatchItem, SkippedRules } from '../match-stream.js';
import { digestOf, PlanCache } from '../prefilter/plan-cache.js';
import { mergeCosts, type SchemaCost } from '../rule-costs.js';
import { type HuntPipelines, pipelineSchemas } from '../schemas.js';
import { consumed } from './chunk-pool.js';
import { LazyRecord } from './lazy-record.js';
import { matchJob, PieceMatcher } from './match-pieces.js';
import { pieceBytes, pieceEventItems } from './piece-events.js';
import type { Piece } from './pieces.js';
import { schemasAhead } from './plan-ahead.js';
import { type PlanExchangeSetup, planExchangeSetup, sharedPlans } from './plan-exchange.js';
import {
  type JobResult,
  type PieceJobRequest,
  REJECTED,
  type WorkerReply,
  type WorkerSetup,
} from './protocol.js';
import { readPieces } from './read-pieces.js';
import { rulesPlanCache, serializeRules } from './rules-for-matching.js';
import { WorkerPool } from './worker-pool.js';

export interface ParallelMatchOptions {
  rules: readonly Rule[];
  /** Pipeline name or file, as for `huntSchemas`; default auto-detection. */
  pipeline?: string;
  eventPaths: readonly string[];
  /** Matching threads: the calling thread and `threads` − 1 workers; 1 or less: no workers. */
  threads: number;
  /** Yield each piece's events as soon as they are matched, not in input order. */
  unordered?: boolean;
  /** Bytes read so far, updated as the input is read. */
  progress?: ReadProgress;
  /** Filled at the end of the stream, as `matchEvents` does. */
  skipped?: SkippedRules;
  /** Filled at the end of the stream with what each rule cost on all threads (every evaluation is timed). */
  ruleCosts?: SchemaCost[];
  /** Folder where schema plans are kept between runs (see `PlanCache`); none: plans are always computed. */
  planCache?: string;
  /** Size of the text pieces read (default: 256 KiB; 32 KiB matched by JS alone on the calling thread). */
  pieceBytes?: number;
}

/**
 * Pieces for workers: each costs a message each way and a reply to unpack, which at 32 KiB (~32 events of the bench
 * data) held two workers' steady state at 57–63k events/s; 256 KiB pieces run at 66–75k (128 KiB–512 KiB alike).
 */
const WORKER_PIECE_BYTES = 1 << 18;
/**
 * Pieces matched by JS on the calling thread are as small as the sequential reads: their texts die young. Native
 * screening takes pieces as large as the workers': with 32 KiB ones, the JS work between its calls cost it ~25 % more
 * time per line than with 128 KiB–1 MiB ones (all SigmaHQ rules, 2nd half of 300,000 bench events: 12.3 µs against
 * 9.2–9.7).
 */
const LOCAL_PIECE_BYTES = READ_CHUNK_BYTES;
/** Pieces read ahead per worker: enough to keep workers busy, few enough to bound memory. */
const PIECES_PER_WORKER = 8;

function resultOf(reply: WorkerReply): JobResult {
  if (!('result' in reply)) throw new Error('matching worker sent no result');
  return reply.result;
}

/** The items of one piece from its worker's result, in input order. */
function pieceMatches(
  piece: Piece,
  result: JobResult | undefined,
  schemaNames: readonly string[],
): MatchItem[] {
  if (piece.kind === 'rejected') return [{ rejected: piece.rejected }];
  const items: MatchItem[] = [];
  const r = result!;
  const matchesOf = (i: number) => {
    const out: number[] = [];
    for (let m = i ? r.matchEnd[i - 1]! : 0; m < r.matchEnd[i]!; m++) out.push(r.matches[m]!);
    return out;
  };
  if (piece.kind === 'items') {
    let i = 0;
    for (const item of piece.items) {
      if ('rejected' in item) items.push(item);
      else {
        items.push({
          matched: { record: item.record, schema: schemaNames[r.schema[i]!]!, matches: matchesOf(i) },
        });
        i++;
      }
    }
    return items;
  }
  let message = 0;
  const bytes = pieceBytes(piece);
  for (let i = 0; i < r.schema.length; i++) {
    const line = r.line[i]!;
    if (r.schema[i] === REJECTED)
      items.push({ rejected: { file: piece.file, line, message: r.messages[message++]! } });
    else {
      const record = new LazyRecord(bytes, r.start[i]!, r.end[i]!, piece.file, line, piece.pooled);
      items.push({ matched: { record, schema: schemaNames[r.schema[i]!]!, matches: matchesOf(i) } });
    }
  }
  return items;
}

/** Matching on the calling thread, with the same piece reader as the workers. */
async function* matchHere(options: ParallelMatchOptions): AsyncGenerator<MatchItem[]> {
  const { rules, planCache } = options;
  const cache = planCache ? rulesPlanCache(planCache, rules) : undefined;
  const matcher = new PieceMatcher(rules, huntSchemas(options.pipeline), {
    cache,
    measureCosts: options.ruleCosts !== undefined,
  });
  const schemaNames = matcher.schemas.map((schema) => schema.name);
  const pieceBytes = options.pieceBytes ?? (matcher.screening ? WORKER_PIECE_BYTES : LOCAL_PIECE_BYTES);
  for await (const piece of readPieces(options.eventPaths, pieceBytes, options.progress)) {
    // Until a schema is compiled, events are matched one by one: the first result comes as soon as it is found.
    if (piece.kind === 'text' && matcher.screening?.screensAny) {
      yield pieceMatches(piece, matchJob(matcher, { ...piece, id: 0 }), schemaNames);
      consumed(piece);
      continue;
    }
    const items =
      piece.kind === 'rejected' ? [piece] : piece.kind === 'items' ? piece.items : pieceEventItems(piece);
    for (const item of items) {
      if ('rejected' in item) yield [{ rejected: item.rejected }];
      else {
        const { schema, matches } = matcher.match(item.record.event);
        yield [{ matched: { record: item.record, schema: matcher.schemas[schema]!.name, matches } }];
      }
    }
    consumed(piece);
  }
  if (options.skipped)
    for (const [schema, reasons] of matcher.skipped()) options.skipped.set(schema, reasons);
  options.ruleCosts?.push(...matcher.costs());
}

/** A piece on its way: sent to a worker (`reply`), or matched on this thread (`result`). */
interface InFlight {
  piece: Piece;
  reply: Promise<WorkerReply> | undefined;
  result: JobResult | undefined;
  done: boolean;
}

/** A piece as a job for a matching thread; none for a read error. */
function jobOf(piece: Piece): PieceJobRequest | undefined {
  // A piece's bytes are a view of the chunk read. In shared memory (files), a worker gets a view of the same bytes.
  // Otherwise (standard input, gzip) posting a view would copy the whole chunk, and its records would keep that
  // chunk (for parsing an event again), so the piece gets bytes of its own.
  if (piece.kind === 'text') {
    if (!(piece.bytes.buffer instanceof SharedArrayBuffer)) piece.bytes = Buffer.from(piece.bytes);
    return { kind: 'text', file: piece.file, line: piece.line, bytes: piece.bytes, end: piece.end };
  }
  if (piece.kind === 'items')
    return {
      kind: 'events',
      events: piece.items.flatMap((item) => ('record' in item ? [item.record.event] : [])),
    };
  return undefined;
}

function send(pool: WorkerPool, piece: Piece): InFlight {
  const job = jobOf(piece);
  const entry: InFlight = { piece, reply: job && pool.run(job), result: undefined, done: !job };
  const settle = () => {
    entry.done = true;
  };
  entry.reply?.then(settle, settle);
  return entry;
}

function matchNow(matcher: PieceMatcher, piece: Piece): InFlight {
  const job = jobOf(piece);
  return { piece, reply: undefined, result: job && matchJob(matcher, { ...job, id: 0 }), done: true };
}

/** Lets the workers' replies in (they arrive as events of the event loop). */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** The workers, given the rules serialised once, in shared memory (each worker reads a rule when it first needs it). */
function startWorkers(
  options: ParallelMatchOptions,
  workers: number,
  pipelines: HuntPipelines,
  plans: PlanExchangeSetup,
): { pool: WorkerPool; planCache: WorkerSetup['planCache'] } {
  const rules = serializeRules(options.rules, true);
  const planCache = options.planCache
    ? { dir: options.planCache, rulesDigest: digestOf(rules.bytes) }
    : undefined;
  const pool = new WorkerPool(workers, {
    rules,
    ...(planCache ? { planCache } : {}),
    pipelines,
    plans,
    measureCosts: options.ruleCosts !== undefined,
  });
  return { pool, planCache };
}

/**
 * `threads` − 1 workers and this thread match together: the workers are kept fed (`PIECES_PER_WORKER` pieces each)
 * and this thread matches the next piece itself whenever they have enough, between reading the input and handing on
 * what is matched. This thread computes the plans of the first piece's schemas, one after the other, and the
 * workers read them as they are published (one compile per schema, one copy of the tables, and no third thread
 * competing for two cores).
 */
async function* matchOnThreads(
  options: ParallelMatchOptions,
  pieceBytes: number,
): AsyncGenerator<MatchItem[]> {
  const pipelines = huntPipelines(options.pipeline);
  const schemas = pipelineSchemas(pipelines);
  const schemaNames = schemas.map((s) => s.name);
  const threads = Math.floor(options.threads);
  const exchange = planExchangeSetup(schemaNames, threads);
  const { pool, planCache } = startWorkers(options, threads - 1, pipelines, exchange);
  const plans = sharedPlans(exchange);
  const cache = planCache && new PlanCache(planCache.dir, () => planCache.rulesDigest);
  // No collection after compiling here: this thread also holds the pieces in flight and the workers' replies, and
  // its heap left to V8 (every core matches); after a forced collection V8 set its limit so close that with all
  // Elastic rules it collected every ~0.4 s for the rest of the hunt (two threads ran ~20 % slower).
  const here = new PieceMatcher(options.rules, schemas, {
    plans: plans.source,
    cache,
    collectAfterCompile: false,
    measureCosts: options.ruleCosts !== undefined,
  });
  const source = readPieces(options.eventPaths, pieceBytes, options.progress);
  const window: InFlight[] = [];
  // Room for the pieces this thread matches while the workers' oldest are still on their way.
  const capacity = 2 * threads * PIECES_PER_WORKER;
  let exhausted = false;
  const read = async () => {
    const next = await source.next();
    exhausted = next.done === true;
    return next.done ? undefined : next.value;
  };
  try {
    const first = await read();
    if (first) {
      // The first piece waits in a worker for the plans of its schemas, which this thread computes one after the
      // other. Computed side by side, one per thread, two SigmaHQ schemas' plans took 3.2 s each on two cores
      // (1.8 s and 1.4 s alone): the first results came ~0.6 s later and a million bench events took ~8 % longer.
      window.push(send(pool, first));
      here.prepare(schemasAhead(first, schemas));
    }
    while (true) {
      while (!exhausted && window.length < capacity && pool.pending() < (threads - 1) * PIECES_PER_WORKER) {
        const piece = await read();
        if (piece) window.push(send(pool, piece));
      }
      for (let i = 0; i < window.length; ) {
        const entry = window[i]!;
        if (!entry.done) {
          if (!options.unordered) break;
          i++;
          continue;
        }
        window.splice(i, 1);
        yield pieceMatches(
          entry.piece,
          entry.result ?? (entry.reply && resultOf(await entry.reply)),
          schemaNames,
        );
        consumed(entry.piece);
      }
      if (!window.length && exhausted) break;
      if (!exhausted && window.length < capacity) {
        const piece = await read();
        if (piece) window.push(matchNow(here, piece));
        await nextTurn();
      } else if (window.length) {
        // Nothing this thread can yield or match: wait for the first piece (any piece, unordered) to come back.
        await (options.unordered ? Promise.race(window.map((entry) => entry.reply)) : window[0]!.reply);
      }
    }
    if (options.skipped || options.ruleCosts) {
      const finished = (await pool.broadcast({ kind: 'finish' })).flatMap((reply) =>
        'finished' in reply ? [reply.finished] : [],
      );
      for (const { skipped } of finished)
        for (const [schema, reasons] of skipped) options.skipped?.set(schema, new Map(reasons));
      for (const [schema, reasons] of here.skipped()) options.skipped?.set(schema, reasons);
      options.ruleCosts?.push(...mergeCosts([here.costs(), ...finished.map((reply) => reply.costs)]));
    }
  } finally {
    plans.close();
    await source.return(undefined);
    await pool.close();
  }
}

/**
 * The same items as `matchEvents` over `readEvents(eventPaths)` with `huntSchemas(pipeline)`: per event its schema
 * and matching rules, rejected events with file and line; in batches (a piece's items at a time, single items while
 * the first schema compiles), which cost a consumer one await per piece rather than per event. With `unordered`,
 * pieces of input may come out of order (events within a piece stay in order). At most `threads × 16` pieces of about
 * `pieceBytes` are in memory at once.
 */
export function parallelMatchBatches(options: ParallelMatchOptions): AsyncGenerator<MatchItem[]> {
  return options.threads > 1
    ? matchOnThreads(options, options.pieceBytes ?? WORKER_PIECE_BYTES)
    : matchHere(options);
}

/** The items of `parallelMatchBatches` one by one. */
export async function* parallelMatch(options: ParallelMatchOptions): AsyncGenerator<MatchItem> {
  for await (const batch of parallelMatchBatches(options)) yield* batch;
}
