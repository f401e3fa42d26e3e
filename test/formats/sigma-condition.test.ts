// Sigma conditions: precedence, parentheses, `1 of`/`all of` patterns and `them`.
import { describe, expect, it } from 'vitest';
import { sigmaMatches as m } from '../helpers/sigma.js';

const sel = 'a: {A: 1}\nb: {B: 1}\nc: {C: 1}\n';

describe('condition', () => {
  it('not binds tighter than and, and tighter than or', () => {
    const d = `${sel}condition: a or b and not c`;
    expect(m(d, { A: 1, C: 1 })).toBe(true);
    expect(m(d, { B: 1, C: 1 })).toBe(false);
    expect(m(d, { B: 1 })).toBe(true);
  });
  it('parentheses override precedence', () => {
    const d = `${sel}condition: (a or b) and not c`;
    expect(m(d, { A: 1, C: 1 })).toBe(false);
    expect(m(d, { A: 1 })).toBe(true);
    expect(m(`${sel}condition: not (a or b)`, { C: 1 })).toBe(true);
  });
  it('1 of / all of patterns and them (excluding _ names)', () => {
    const d = 'sel_a: {A: 1}\nsel_b: {B: 1}\nfilter_x: {X: 1}\n_helper: {H: 1}\n';
    expect(m(`${d}condition: 1 of sel_* and not 1 of filter_*`, { B: 1 })).toBe(true);
    expect(m(`${d}condition: 1 of sel_* and not 1 of filter_*`, { B: 1, X: 1 })).toBe(false);
    expect(m(`${d}condition: all of sel_*`, { A: 1 })).toBe(false);
    expect(m(`${d}condition: all of sel_*`, { A: 1, B: 1 })).toBe(true);
    expect(m(`${d}condition: all of them`, { A: 1, B: 1, X: 1 })).toBe(true);
    expect(m(`${d}condition: 1 of them`, { H: 1 })).toBe(false);
  });
  it('a list of conditions is OR-ed', () => {
    expect(m(`${sel}condition: [a, b]`, { B: 1 })).toBe(true);
    expect(m(`${sel}condition: [a, b]`, { C: 1 })).toBe(false);
  });
  it('errors name the column', () => {
    expect(() => m(`${sel}condition: a and (b`, {})).toThrow(/missing '\)'/);
    expect(() => m(`${sel}condition: a and nope`, {})).toThrow(/unknown detection 'nope' at column 7/);
    expect(() => m(`${sel}condition: a | count() > 5`, {})).toThrow(/correlation/);
  });
});
