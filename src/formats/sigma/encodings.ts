// Sigma encoding modifiers (base64, base64offset, utf16*, wide, windash) expanded to plain value variants.
import { hasWildcards, plainText, type SigmaString } from './sigma-string.js';

/** A value while modifiers are applied: Sigma text with wildcards, or raw bytes from a utf16 modifier. */
export type EncodedValue = { kind: 'text'; value: SigmaString } | { kind: 'bytes'; value: Buffer };

function toBytes(value: EncodedValue, modifier: string): Buffer {
  if (value.kind === 'bytes') return value.value;
  if (hasWildcards(value.value))
    throw new Error(`modifier '${modifier}' cannot encode a value with wildcards`);
  return Buffer.from(plainText(value.value), 'utf8');
}

function textOf(value: EncodedValue, modifier: string): string {
  if (value.kind === 'bytes') return value.value.toString('latin1');
  if (hasWildcards(value.value))
    throw new Error(`modifier '${modifier}' cannot encode a value with wildcards`);
  return plainText(value.value);
}

const text = (s: string): EncodedValue => ({ kind: 'text', value: s ? [{ type: 'literal', text: s }] : [] });

/** UTF-16 encodings: `utf16le`/`wide` little-endian, `utf16be` big-endian, `utf16` little-endian with a BOM. */
function utf16(value: EncodedValue, modifier: string): EncodedValue {
  const s = textOf(value, modifier);
  const le = Buffer.from(s, 'utf16le');
  if (modifier === 'utf16be') return { kind: 'bytes', value: le.swap16() };
  if (modifier === 'utf16') return { kind: 'bytes', value: Buffer.concat([Buffer.from([0xff, 0xfe]), le]) };
  return { kind: 'bytes', value: le };
}

/**
 * The three base64 forms of a value embedded at any byte offset in a longer base64 text: for each shift the
 * characters that depend on unknown neighbouring bytes are cut from the start and end.
 */
function base64Offsets(bytes: Buffer): string[] {
  const startCut = [0, 2, 3];
  const endCut = [0, -3, -2];
  const variants: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift, 0x20), bytes]).toString('base64');
    const cut = endCut[(bytes.length + shift) % 3]!;
    variants.push(encoded.slice(startCut[shift], cut === 0 ? undefined : cut));
  }
  return variants;
}

const WINDASH_CHARS = ['-', '/', '\u2013', '\u2014', '\u2015'];

/** Every variant of a text where each dash or slash that starts a word may be any Windows option prefix. */
function windash(value: SigmaString): SigmaString[] {
  let variants: SigmaString[] = [[]];
  for (const part of value) {
    if (part.type !== 'literal') {
      variants = variants.map((v) => [...v, part]);
      continue;
    }
    const pieces = part.text.split(/(?<!\w)[-/](?=\w)/);
    let partVariants = [pieces[0]!];
    for (const piece of pieces.slice(1)) {
      partVariants = partVariants.flatMap((prefix) => WINDASH_CHARS.map((dash) => prefix + dash + piece));
    }
    variants = variants.flatMap((v) =>
      partVariants.map((t) => [...v, { type: 'literal' as const, text: t }]),
    );
  }
  return variants;
}

/** Applies one encoding modifier; returns the value variants (OR-ed by the caller). */
export function applyEncoding(modifier: string, value: EncodedValue): EncodedValue[] {
  switch (modifier) {
    case 'base64':
      return [text(toBytes(value, modifier).toString('base64'))];
    case 'base64offset':
      return base64Offsets(toBytes(value, modifier)).map(text);
    case 'utf16le':
    case 'utf16be':
    case 'utf16':
    case 'wide':
      return [utf16(value, modifier)];
    case 'windash':
      if (value.kind === 'bytes') throw new Error("modifier 'windash' must come before encodings");
      return windash(value.value).map((v) => ({ kind: 'text', value: v }));
    default:
      throw new Error(`unknown encoding modifier '${modifier}'`);
  }
}

export const ENCODING_MODIFIERS = new Set([
  'base64',
  'base64offset',
  'utf16le',
  'utf16be',
  'utf16',
  'wide',
  'windash',
]);

/** The final text of an encoded value (raw bytes read as Latin-1, one character per byte). */
export function encodedToText(value: EncodedValue): SigmaString {
  return value.kind === 'text' ? value.value : [{ type: 'literal', text: value.value.toString('latin1') }];
}
