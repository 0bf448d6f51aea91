import { describe, expect, it } from 'vitest';
import { configFileCopy } from '../../../../renderer/src/features/first-run/failure-copy.js';

describe('the broken config file notice', () => {
  const message =
    'Invalid config /home/me/.config/hermes-mission-control/config.json: hosts[0].port: Too big.';
  const copy = configFileCopy(message);

  it('names the file and field as main reported them', () => {
    expect(copy.reason).toBe(message);
    expect(copy.title).toBe('Your config file could not be used');
  });

  it('says what the app does meanwhile and both ways to fix it, offering Settings', () => {
    expect(copy.meanwhile).toMatch(/demo fleet .* not connecting .* file has not been changed/);
    expect(copy.next.join(' ')).toMatch(/text editor, then restart/);
    expect(copy.next.join(' ')).toMatch(/Settings and save .* replaces the file/);
    expect(copy.action).toBe('settings');
  });
});
