// Every Sigma value modifier, positive and negative, evaluated by the native engine on hand-made events.
import { describe, expect, it } from 'vitest';
import { detects, sigmaMatches as m, sigmaRule } from '../helpers/sigma.js';

describe('plain values', () => {
  it('match case-insensitively with wildcards and escapes', () => {
    // Sigma: a backslash before a wildcard must itself be escaped (`\\*`), a lone `\*` is a literal star.
    expect(
      m("s: {Image: 'C:\\Windows\\\\*\\cmd.exe'}\ncondition: s", { Image: 'c:\\windows\\system32\\CMD.EXE' }),
    ).toBe(true);
    expect(
      m("s: {Image: 'C:\\Windows\\*\\cmd.exe'}\ncondition: s", { Image: 'c:\\windows\\system32\\CMD.EXE' }),
    ).toBe(false);
    expect(m("s: {Image: 'C:\\Windows\\*\\cmd.exe'}\ncondition: s", { Image: 'c:\\windows*\\CMD.EXE' })).toBe(
      true,
    );
    expect(m('s: {Image: "*\\\\cmd.exe"}\ncondition: s', { Image: 'C:\\cmd.exe.bak' })).toBe(false);
    expect(m("s: {F: 'a?c'}\ncondition: s", { F: 'abc' })).toBe(true);
    expect(m("s: {F: 'a?c'}\ncondition: s", { F: 'abbc' })).toBe(false);
    expect(m("s: {F: 'a\\*c'}\ncondition: s", { F: 'a*c' })).toBe(true);
    expect(m("s: {F: 'a\\*c'}\ncondition: s", { F: 'abc' })).toBe(false);
    expect(m("s: {F: 'a\\?'}\ncondition: s", { F: 'a?' })).toBe(true);
    expect(m("s: {F: 'x\\\\*'}\ncondition: s", { F: 'x\\yz' })).toBe(true);
  });
  it('numbers match numbers and decimal strings; null matches missing or null', () => {
    expect(m('s: {EventID: 4688}\ncondition: s', { EventID: '4688' })).toBe(true);
    expect(m('s: {EventID: 4688}\ncondition: s', { EventID: 4688 })).toBe(true);
    expect(m('s: {EventID: 4688}\ncondition: s', { EventID: 46880 })).toBe(false);
    expect(m('s: {F: null}\ncondition: s', {})).toBe(true);
    expect(m('s: {F: null}\ncondition: s', { F: null })).toBe(true);
    expect(m('s: {F: null}\ncondition: s', { F: '' })).toBe(false);
    expect(m('s: {F: true}\ncondition: s', { F: true })).toBe(true);
    expect(m('s: {F: true}\ncondition: s', { F: false })).toBe(false);
    expect(m("s: {F: ''}\ncondition: s", { F: '' })).toBe(true);
    expect(m("s: {F: ''}\ncondition: s", { F: 'x' })).toBe(false);
  });
  it('lists are OR, maps are AND, list of maps is OR of ANDs, arrays match any element', () => {
    const d = 's:\n  - {A: 1, B: 2}\n  - {C: 3}\ncondition: s';
    expect(m(d, { A: 1, B: 2 })).toBe(true);
    expect(m(d, { A: 1 })).toBe(false);
    expect(m(d, { C: 3 })).toBe(true);
    expect(m('s: {A: [x, y]}\ncondition: s', { A: 'Y' })).toBe(true);
    expect(m('s: {A: x}\ncondition: s', { A: ['a', 'x'] })).toBe(true);
    expect(m('s: {A: x}\ncondition: s', { A: ['a', 'b'] })).toBe(false);
  });
  it('keywords search every value of the event', () => {
    expect(m("k: ['*mimikatz*']\ncondition: k", { a: { b: 'run Mimikatz now' } })).toBe(true);
    expect(m("k: ['*mimikatz*']\ncondition: k", { a: { b: 'benign' } })).toBe(false);
  });
  it('dotted field names read nested objects and flat dotted keys', () => {
    expect(m('s: {process.name: ss}\ncondition: s', { process: { name: 'ss' } })).toBe(true);
    expect(m('s: {process.name: ss}\ncondition: s', { 'process.name': 'ss' })).toBe(true);
    expect(m('s: {process.name: ss}\ncondition: s', { process: [{ name: 'x' }, { name: 'ss' }] })).toBe(true);
  });
});

describe('string modifiers', () => {
  it('contains, startswith, endswith', () => {
    expect(m('s: {F|contains: BAR}\ncondition: s', { F: 'foobarbaz' })).toBe(true);
    expect(m('s: {F|contains: qux}\ncondition: s', { F: 'foobarbaz' })).toBe(false);
    expect(m('s: {F|startswith: foo}\ncondition: s', { F: 'FOObar' })).toBe(true);
    expect(m('s: {F|startswith: bar}\ncondition: s', { F: 'foobar' })).toBe(false);
    expect(m('s: {F|endswith: bar}\ncondition: s', { F: 'fooBAR' })).toBe(true);
    expect(m('s: {F|endswith: foo}\ncondition: s', { F: 'foobar' })).toBe(false);
    expect(m('s: {F|contains: "a*c"}\ncondition: s', { F: 'xxabbbcxx' })).toBe(true);
  });
  it('all requires every value', () => {
    const d = 's: {F|contains|all: [a1, b2]}\ncondition: s';
    expect(m(d, { F: 'b2 a1' })).toBe(true);
    expect(m(d, { F: 'a1 only' })).toBe(false);
  });
  it('cased makes matching case-sensitive', () => {
    expect(m('s: {F|cased: Foo}\ncondition: s', { F: 'Foo' })).toBe(true);
    expect(m('s: {F|cased: Foo}\ncondition: s', { F: 'foo' })).toBe(false);
    expect(m('s: {F|contains|cased: Bar}\ncondition: s', { F: 'xbarx' })).toBe(false);
  });
  it('neq negates the values', () => {
    expect(m('s: {F|neq: a}\ncondition: s', { F: 'b' })).toBe(true);
    expect(m('s: {F|neq: [a, b]}\ncondition: s', { F: 'b' })).toBe(false);
  });
  it('windash accepts - / and Unicode dashes', () => {
    const d = "s: {CommandLine|contains|windash: ' -enc '}\ncondition: s";
    for (const dash of ['-', '/', '\u2013', '\u2014', '\u2015'])
      expect(m(d, { CommandLine: `ps ${dash}enc AAA` })).toBe(true);
    expect(m(d, { CommandLine: 'ps +enc AAA' })).toBe(false);
    const all = "s: {C|contains|all|windash: ['-a', '-b']}\ncondition: s";
    expect(m(all, { C: 'x /a /b' })).toBe(true);
    expect(m(all, { C: 'x /a' })).toBe(false);
  });
});

describe('regular expressions', () => {
  it('re is case-sensitive unless i; m and s flags', () => {
    expect(m("s: {F|re: '^ab+c$'}\ncondition: s", { F: 'abbbc' })).toBe(true);
    expect(m("s: {F|re: '^ab+c$'}\ncondition: s", { F: 'ABBC' })).toBe(false);
    expect(m("s: {F|re|i: '^ab+c$'}\ncondition: s", { F: 'ABBC' })).toBe(true);
    expect(m("s: {F|re|m: '^b$'}\ncondition: s", { F: 'a\nb\nc' })).toBe(true);
    expect(m("s: {F|re: '^b$'}\ncondition: s", { F: 'a\nb\nc' })).toBe(false);
    expect(m("s: {F|re|s: 'a.b'}\ncondition: s", { F: 'a\nb' })).toBe(true);
    expect(m("s: {F|re: 'a.b'}\ncondition: s", { F: 'a\nb' })).toBe(false);
    expect(m("s: {F|re: '(?i)abc'}\ncondition: s", { F: 'xABCx' })).toBe(true);
  });
  it('catastrophic patterns run in linear time (RE2)', () => {
    const rule = sigmaRule("s: {F|re: '^(a+)+$'}\ncondition: s");
    expect(detects(rule, { F: `${'a'.repeat(50_000)}!` })).toBe(false);
  });
});

describe('encodings', () => {
  const b64 = (s: string, enc: BufferEncoding = 'utf8') => Buffer.from(s, enc).toString('base64');
  it('base64 encodes the value', () => {
    expect(m("s: {F|base64: 'http://'}\ncondition: s", { F: b64('http://') })).toBe(true);
    expect(m("s: {F|base64|contains: 'http://'}\ncondition: s", { F: `xx${b64('http://')}yy` })).toBe(true);
    expect(m("s: {F|base64: 'http://'}\ncondition: s", { F: 'http://' })).toBe(false);
  });
  it('base64offset finds the value at any offset of encoded text', () => {
    const d = "s: {F|base64offset|contains: 'Invoke-Mimikatz'}\ncondition: s";
    for (const prefix of ['', 'a', 'ab', 'abc'])
      expect(m(d, { F: b64(`${prefix}Invoke-Mimikatz and more`) })).toBe(true);
    expect(m(d, { F: b64('Invoke-Something') })).toBe(false);
  });
  it('utf16le / wide / utf16be / utf16 with base64offset', () => {
    const text = 'whoami /all';
    expect(
      m("s: {F|wide|base64offset|contains: 'whoami'}\ncondition: s", { F: b64(`x${text}`, 'utf16le') }),
    ).toBe(true);
    expect(
      m("s: {F|utf16le|base64offset|contains: 'whoami'}\ncondition: s", { F: b64(text, 'utf16le') }),
    ).toBe(true);
    expect(m("s: {F|wide|base64offset|contains: 'whoami'}\ncondition: s", { F: b64(text) })).toBe(false);
    const be = Buffer.from(text, 'utf16le').swap16().toString('base64');
    expect(m("s: {F|utf16be|base64: 'whoami /all'}\ncondition: s", { F: be })).toBe(true);
    const bom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]).toString('base64');
    expect(m("s: {F|utf16|base64: 'whoami /all'}\ncondition: s", { F: bom })).toBe(true);
  });
});

describe('other modifiers', () => {
  it('cidr matches IPv4 and IPv6 networks', () => {
    expect(m("s: {Ip|cidr: '10.0.0.0/8'}\ncondition: s", { Ip: '10.20.30.40' })).toBe(true);
    expect(m("s: {Ip|cidr: '10.0.0.0/8'}\ncondition: s", { Ip: '11.0.0.1' })).toBe(false);
    expect(m("s: {Ip|cidr: 'fe80::/10'}\ncondition: s", { Ip: 'fe80::1' })).toBe(true);
    expect(m("s: {Ip|cidr: 'fe80::/10'}\ncondition: s", { Ip: '2001:db8::1' })).toBe(false);
    expect(m("s: {Ip|cidr: '10.0.0.0/8'}\ncondition: s", { Ip: 'not an ip' })).toBe(false);
  });
  it('cidr lists test each range, IPv4-mapped IPv6 addresses against IPv4 ranges', () => {
    const list = "s: {Ip|cidr: ['fe80::/10', '10.0.0.0/8', '192.168.0.0/16']}\ncondition: s";
    expect(m(list, { Ip: '192.168.1.1' })).toBe(true);
    expect(m(list, { Ip: '::ffff:10.1.2.3' })).toBe(true);
    expect(m(list, { Ip: 'fe80::2' })).toBe(true);
    expect(m(list, { Ip: '::ffff:11.1.2.3' })).toBe(false);
    expect(m(list, { Ip: '172.16.0.1' })).toBe(false);
  });
  it('exists true/false', () => {
    expect(m('s: {F|exists: true}\ncondition: s', { F: '' })).toBe(true);
    expect(m('s: {F|exists: true}\ncondition: s', {})).toBe(false);
    expect(m('s: {F|exists: false}\ncondition: s', {})).toBe(true);
    expect(m('s: {F|exists: false}\ncondition: s', { F: 1 })).toBe(false);
  });
  it('fieldref compares two fields, with position modifiers', () => {
    expect(m('s: {A|fieldref: B}\ncondition: s', { A: 'X', B: 'x' })).toBe(true);
    expect(m('s: {A|fieldref: B}\ncondition: s', { A: 'X', B: 'y' })).toBe(false);
    expect(m('s: {A|fieldref|endswith: B}\ncondition: s', { A: 'c:\\a\\b.exe', B: 'B.EXE' })).toBe(true);
    expect(m('s: {A|fieldref|cased: B}\ncondition: s', { A: 'X', B: 'x' })).toBe(false);
  });
  it('gt gte lt lte on numbers (and numeric strings)', () => {
    expect(m('s: {N|gt: 5}\ncondition: s', { N: 6 })).toBe(true);
    expect(m('s: {N|gt: 5}\ncondition: s', { N: 5 })).toBe(false);
    expect(m('s: {N|gte: 5}\ncondition: s', { N: '5' })).toBe(true);
    expect(m('s: {N|lt: 5}\ncondition: s', { N: 4.5 })).toBe(true);
    expect(m('s: {N|lte: 5}\ncondition: s', { N: 6 })).toBe(false);
    expect(m('s: {N|lt: 5}\ncondition: s', { N: 'abc' })).toBe(false);
  });
  it('time modifiers compare a part of a timestamp', () => {
    const event = { T: '2026-03-04T05:06:07Z' };
    expect(m('s: {T|minute: 6}\ncondition: s', event)).toBe(true);
    expect(m('s: {T|hour: 5}\ncondition: s', event)).toBe(true);
    expect(m('s: {T|hour: 6}\ncondition: s', event)).toBe(false);
    expect(m('s: {T|day: 4}\ncondition: s', event)).toBe(true);
    expect(m('s: {T|week: 10}\ncondition: s', event)).toBe(true);
    expect(m('s: {T|month: 3}\ncondition: s', event)).toBe(true);
    expect(m('s: {T|year: 2025}\ncondition: s', event)).toBe(false);
  });
  it('expand resolves placeholders, or marks the rule not evaluable', () => {
    const resolved = sigmaRule(
      "s: {Host|expand: '%servers%'}\ncondition: s",
      new Map([['servers', ['dc1', 'dc2*']]]),
    );
    expect(detects(resolved, { Host: 'DC2-backup' })).toBe(true);
    expect(detects(resolved, { Host: 'ws1' })).toBe(false);
    const unresolved = sigmaRule("s: {Host|expand: '%servers%'}\ncondition: s");
    expect(unresolved.notEvaluable).toEqual(['unresolved placeholder %servers%']);
    const escaped = sigmaRule("s: {Host|expand: '\\%plain%x%'}\ncondition: s", new Map([['x', ['1']]]));
    expect(detects(escaped, { Host: '%plain1' })).toBe(true);
  });
});
