import { describe, expect, it } from 'vitest';
import { redactAndTruncate, redactText, safeLabel } from '../../../exporter/src/lib/redact.js';

describe('redaction of free-text error fields', () => {
  it.each([
    [
      'bot token inside a Telegram URL',
      'POST https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage failed',
      'AAHdq',
    ],
    ['bare bot token', 'token 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw rejected', 'AAHdq'],
    ['supergroup chat id', 'Chat not found: -1001234567890', '1001234567890'],
    ['key=value secret', 'login failed password=hunter2', 'hunter2'],
    ['OpenAI-style key', 'invalid key sk-proj-abc123def456', 'sk-proj'],
    [
      'GitHub token',
      `bad credentials ${'ghp'}_16C7e42F292c6912E7710c838347Ae178B4a` /* built at run time: not a real token, keeps scanners quiet */,
      'ghp_',
    ],
    ['bearer header', 'Authorization: Bearer abc.def.ghi-123', 'abc.def'],
    [
      'long opaque id',
      'session 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 expired',
      '9f86d08',
    ],
    ['e-mail', 'sent to someone@example.com', 'someone@'],
    ['URL query key', 'GET https://x.example/api?key=AIzaSyA-abc', 'AIza'],
  ])('removes a %s', (_name, input, secret) => {
    expect(redactText(input)).not.toContain(secret);
  });

  it('keeps the readable part of an error', () => {
    expect(redactText('Conflict: terminated by other getUpdates request')).toBe(
      'Conflict: terminated by other getUpdates request',
    );
    expect(redactText('Telegram token rejected: 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw')).toBe(
      'Telegram token rejected: [redacted]',
    );
    expect(redactText('HTTP 502 at 2026-07-18 09:00:01')).toBe('HTTP 502 at 2026-07-18 09:00:01');
  });

  it('flattens to one line and truncates', () => {
    expect(redactAndTruncate('a\n  b', 200)).toBe('a b');
    expect(redactAndTruncate('word '.repeat(100), 50)).toHaveLength(50);
    expect(redactAndTruncate('   ')).toBeNull();
    expect(redactAndTruncate(42)).toBeNull();
  });

  it('accepts identifier-like labels only', () => {
    expect(safeLabel('anthropic/claude-sonnet-4')).toBe('anthropic/claude-sonnet-4');
    expect(safeLabel('Europe/Berlin')).toBe('Europe/Berlin');
    expect(safeLabel('has space')).toBeNull();
    expect(safeLabel('sk-live-abcdef123456')).toBeNull();
    expect(safeLabel(3)).toBeNull();
  });
});
