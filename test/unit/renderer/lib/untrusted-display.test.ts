import { describe, expect, it } from 'vitest';
import {
  controlMark,
  untrustedDisplay,
  untrustedPlain,
} from '../../../../renderer/src/lib/untrusted-display.js';

const RLO = String.fromCharCode(0x202e);
const ESC = String.fromCharCode(0x1b);
const C1_CSI = String.fromCharCode(0x9b);
const DEL = String.fromCharCode(0x7f);

describe('how the window shows a string from the VM', () => {
  it('shows every control and bidi character as a visible mark, never raw', () => {
    expect(untrustedPlain(`${RLO}exe.tnemucod`)).toBe('⟨U+202E⟩exe.tnemucod');
    expect(untrustedPlain(`x${ESC}[2J`)).toBe('x⟨U+001B⟩[2J');
    expect(untrustedPlain(`a${C1_CSI}31m${DEL}b`)).toBe('a⟨U+009B⟩31m⟨U+007F⟩b');
    expect(untrustedDisplay(`a${RLO}b`).segments).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'control', text: '⟨U+202E⟩' },
      { kind: 'text', text: 'b' },
    ]);
    expect(controlMark('\n')).toBe('⟨U+000A⟩');
  });

  it('leaves ordinary text, including non-Latin scripts and emoji, as it is', () => {
    expect(untrustedPlain('Bheem (uma) · démo — 東京 🚀')).toBe('Bheem (uma) · démo — 東京 🚀');
  });

  it('cuts at the limit and says how much is left out; the whole text when asked', () => {
    const long = `L${'o'.repeat(99_998)}g`;
    const cut = untrustedDisplay(long, 240);
    expect(cut.total).toBe(100_000);
    expect(cut.hidden).toBe(100_000 - 240);
    expect(cut.segments.map((s) => s.text).join('')).toHaveLength(240);
    expect(untrustedPlain(long, 10)).toBe('Looooooooo…');
    expect(untrustedDisplay(long).hidden).toBe(0);
    // Counted in characters, not UTF-16 units: an emoji is never split.
    expect(untrustedPlain('🚀🚀🚀', 2)).toBe('🚀🚀…');
  });
});
