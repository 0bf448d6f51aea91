import { describe, expect, it } from 'vitest';
import { hasUnsafeCharacters, inertJson, inertText } from '../../../common/text/inert-text.js';

const ESC = String.fromCharCode(0x1b);
const BEL = String.fromCharCode(0x07);
const RLO = String.fromCharCode(0x202e);

describe('inertText', () => {
  it('shows an OSC 52 clipboard write and a screen clear as text, not as escape sequences', () => {
    const hostile = `x${ESC}[2J${ESC}]52;c;cm0gLXJmIC8K${BEL}`;
    expect(inertText(hostile)).toBe('x\\x1B[2J\\x1B]52;c;cm0gLXJmIC8K\\x07');
    expect(inertText(hostile)).not.toContain(ESC);
  });

  it('escapes DEL, C1 controls (one-byte CSI) and newlines', () => {
    const text = ['a', 0x7f, 0x9b, 0x85, 0x0a, 0x0d, 0x09]
      .map((c) => (typeof c === 'number' ? String.fromCharCode(c) : c))
      .join('');
    expect(inertText(text)).toBe('a\\x7F\\x9B\\x85\\x0A\\x0D\\x09');
  });

  it('makes every bidi control visible, so an RTL override cannot disguise a file name', () => {
    expect(inertText(`${RLO}exe.tnemucod`)).toBe('\\u202Eexe.tnemucod');
    for (const cp of [
      0x202a, 0x202b, 0x202c, 0x202d, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c, 0x2028,
    ]) {
      expect(inertText(String.fromCharCode(cp))).toBe(`\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`);
    }
  });

  it('leaves ordinary text, accents, CJK and emoji alone', () => {
    const text = 'Daily digest — café 日報 🚀 100%';
    expect(inertText(text)).toBe(text);
    expect(hasUnsafeCharacters(text)).toBe(false);
    expect(hasUnsafeCharacters(`a${ESC}`)).toBe(true);
  });
});

describe('inertJson', () => {
  it('escapes what JSON.stringify leaves raw and still parses to the same value', () => {
    const value = { name: `a${String.fromCharCode(0x7f)}b${String.fromCharCode(0x9b)}c${RLO}d${ESC}` };
    const json = inertJson(JSON.stringify(value));
    expect(json).toBe('{"name":"a\\u007fb\\u009bc\\u202ed\\u001b"}');
    expect(JSON.parse(json)).toEqual(value);
  });

  it('keeps pretty-printed JSON valid: its layout newlines are not escaped', () => {
    const value = { a: [1, { name: `x${RLO}y` }] };
    const json = inertJson(JSON.stringify(value, null, 2));
    expect(json).toContain('\n  "a": [');
    expect(json).not.toContain(RLO);
    expect(JSON.parse(json)).toEqual(value);
  });
});
