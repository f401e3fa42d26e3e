// Kusto names: columns, dynamic property paths and table sources, bracket-quoted (`['…']`) when needed.
import { quotedString } from './literal.js';

/**
 * Names left bare: letters, digits and `_`, not starting with a digit or `__`, with at least one upper-case
 * letter. Every Kusto keyword is lower case or starts with `__`, so such a name can never be read as one.
 */
const SAFE_NAME = /^(?:[A-Za-z]|_(?!_))\w*$/;

function isSafeName(name: string): boolean {
  return SAFE_NAME.test(name) && /[A-Z]/.test(name);
}

/** `['name']`: any text, as a single-quoted string literal. */
export function bracketName(name: string): string {
  return `[${quotedString(name, "'")}]`;
}

/** One column or property name. */
export function kustoName(name: string): string {
  return isSafeName(name) ? name : bracketName(name);
}

/**
 * A field: a dotted name is a path into a dynamic column (`AdditionalFields.LogonId`), since table columns
 * of Sentinel and Defender never contain dots; a name with an empty segment stays one bracketed column.
 */
export function kustoField(field: string): string {
  return isPropertyPath(field) ? field.split('.').map(kustoName).join('.') : kustoName(field);
}

/** Whether `kustoField` reads the field as a property path (a dynamic value, which may be null). */
export function isPropertyPath(field: string): boolean {
  return field.includes('.') && !field.split('.').includes('');
}

const FUNCTION_CALL = /^[A-Za-z_]\w*\(\)$/;

/** A table, or a parameterless function call such as an ASIM parser `_Im_ProcessCreate()`, as written. */
export function kustoSource(source: string): string {
  return FUNCTION_CALL.test(source) ? source : kustoName(source);
}
