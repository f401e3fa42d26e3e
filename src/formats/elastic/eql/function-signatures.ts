// The Elasticsearch EQL function set: canonical names, argument counts, `~` variants; checks every call.
import type { CallNode } from './ast.js';
import type { SourceText } from './source-text.js';

export interface FunctionSignature {
  /** Canonical spelling, as in the Elasticsearch function reference. */
  name: string;
  minArgs: number;
  maxArgs: number;
  /** Has a case-insensitive `name~` variant. */
  caseInsensitiveVariant: boolean;
  /** Returns a boolean, so a call is a condition on its own. */
  predicate: boolean;
}

const MANY = Number.POSITIVE_INFINITY;

const SIGNATURES: FunctionSignature[] = [
  { name: 'add', minArgs: 2, maxArgs: 2, caseInsensitiveVariant: false, predicate: false },
  { name: 'between', minArgs: 3, maxArgs: 4, caseInsensitiveVariant: true, predicate: false },
  { name: 'cidrMatch', minArgs: 2, maxArgs: MANY, caseInsensitiveVariant: false, predicate: true },
  { name: 'concat', minArgs: 1, maxArgs: MANY, caseInsensitiveVariant: false, predicate: false },
  { name: 'divide', minArgs: 2, maxArgs: 2, caseInsensitiveVariant: false, predicate: false },
  { name: 'endsWith', minArgs: 2, maxArgs: 2, caseInsensitiveVariant: true, predicate: true },
  { name: 'indexOf', minArgs: 2, maxArgs: 3, caseInsensitiveVariant: true, predicate: false },
  { name: 'length', minArgs: 1, maxArgs: 1, caseInsensitiveVariant: false, predicate: false },
  { name: 'modulo', minArgs: 2, maxArgs: 2, caseInsensitiveVariant: false, predicate: false },
  { name: 'multiply', minArgs: 2, maxArgs: 2, caseInsensitiveVariant: false, predicate: false },
  { name: 'number', minArgs: 1, maxArgs: 2, caseInsensitiveVariant: false, predicate: false },
  { name: 'startsWith', minArgs: 2, maxArgs: 2, caseInsensitiveVariant: true, predicate: true },
  { name: 'string', minArgs: 1, maxArgs: 1, caseInsensitiveVariant: false, predicate: false },
  { name: 'stringContains', minArgs: 2, maxArgs: 2, caseInsensitiveVariant: true, predicate: true },
  { name: 'substring', minArgs: 2, maxArgs: 3, caseInsensitiveVariant: false, predicate: false },
  { name: 'subtract', minArgs: 2, maxArgs: 2, caseInsensitiveVariant: false, predicate: false },
  { name: 'wildcard', minArgs: 2, maxArgs: MANY, caseInsensitiveVariant: true, predicate: true },
];

/** Function names are case-insensitive: `cidrmatch` is `cidrMatch`. */
const BY_LOWER_NAME = new Map(SIGNATURES.map((s) => [s.name.toLowerCase(), s]));

/** The signature of a call that `checkCall` accepted. */
export function signatureOf(call: CallNode): FunctionSignature {
  return BY_LOWER_NAME.get(call.name.toLowerCase())!;
}

/** Throws on an unknown function, a wrong argument count, or `~` on a function without that variant. */
export function checkCall(call: CallNode, source: SourceText): void {
  const signature = BY_LOWER_NAME.get(call.name.toLowerCase());
  if (!signature) throw source.error(`unknown function ${call.name}()`, call.span.start);
  if (call.caseInsensitive && !signature.caseInsensitiveVariant) {
    throw source.error(
      `${signature.name}() has no case-insensitive variant: remove the '~'`,
      call.span.start,
    );
  }
  const count = call.args.length;
  if (count < signature.minArgs || count > signature.maxArgs) {
    const expected =
      signature.maxArgs === MANY
        ? `at least ${signature.minArgs}`
        : signature.minArgs === signature.maxArgs
          ? `${signature.minArgs}`
          : `${signature.minArgs} to ${signature.maxArgs}`;
    throw source.error(`${signature.name}() takes ${expected} arguments, not ${count}`, call.span.start);
  }
}
