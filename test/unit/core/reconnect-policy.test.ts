import { describe, expect, it } from 'vitest';
import type { StatusReason } from '../../../common/model/instance-status.js';
import { makeReason } from '../../../main/core/ssh/errors.js';
import {
  outcomeOfFailure,
  reasonWhileDown,
  refineNetworkReason,
} from '../../../main/core/ssh/reconnect-policy.js';

const policy = { baseMs: 1_000, maxMs: 30_000, minMs: 250, factor: 2 };
const half = () => 0.5;
const refused = makeReason('REFUSED', 'sshd is not listening.', { host: '100.87.53.10', port: 22 });

describe('what a failed connection leads to', () => {
  it('retries a network failure after a jittered delay whose window grows with each failure', () => {
    expect(outcomeOfFailure(refused, 0, policy, half)).toEqual({
      state: 'backoff',
      failures: 1,
      retryInMs: 500,
    });
    expect(outcomeOfFailure(refused, 3, policy, half)).toEqual({
      state: 'backoff',
      failures: 4,
      retryInMs: 4_000,
    });
  });

  it.each(['HOST_KEY_MISMATCH', 'HOST_KEY_UNKNOWN', 'AUTH_FAILED', 'PASSPHRASE_REQUIRED'] as const)(
    'stops retrying on %s, which only a person can fix',
    (code) => {
      expect(outcomeOfFailure(makeReason(code, 'x'), 2, policy, half)).toEqual({
        state: 'failed',
        failures: 3,
        retryInMs: null,
      });
    },
  );
});

describe('the reason a request for a host that is down fails with', () => {
  it('says when the next automatic attempt is due while backing off', () => {
    const at = Date.parse('2026-03-01T10:00:30Z');
    expect(reasonWhileDown('vm', 'backoff', refused, at)).toEqual({
      ...refused,
      detail: { host: '100.87.53.10', port: 22, nextRetryAt: '2026-03-01T10:00:30.000Z' },
    });
  });

  it('gives the recorded reason alone once retrying has stopped', () => {
    const auth = makeReason('AUTH_FAILED', 'rejected every key');
    expect(reasonWhileDown('vm', 'failed', auth, null)).toBe(auth);
  });

  it('falls back to "not connected" when no reason was recorded', () => {
    expect(reasonWhileDown('vm', 'failed', null, null)).toEqual({
      code: 'UNREACHABLE',
      message: 'vm is not connected.',
    });
  });
});

describe('refining a network failure (Tailscale)', () => {
  const timeout = makeReason('TIMEOUT', 'No SSH answer.', { host: '100.87.53.10', port: 22 });
  const tailscaleDown: StatusReason = makeReason(
    'TAILSCALE_DOWN',
    'Tailscale is not running on this laptop.',
  );

  it('asks the refiner about network failures, passing the host that was dialled', async () => {
    const asked: string[] = [];
    const refined = await refineNetworkReason(timeout, async (_reason, host) => {
      asked.push(host);
      return tailscaleDown;
    });
    expect(refined).toBe(tailscaleDown);
    expect(asked).toEqual(['100.87.53.10']);
  });

  it('leaves auth and host key failures alone: the VPN cannot explain them', async () => {
    const auth = makeReason('AUTH_FAILED', 'rejected every key');
    expect(await refineNetworkReason(auth, async () => tailscaleDown)).toBe(auth);
  });

  it('keeps the original reason when there is no refiner or it throws', async () => {
    expect(await refineNetworkReason(timeout, undefined)).toBe(timeout);
    expect(
      await refineNetworkReason(timeout, async () => {
        throw new Error('tailscale crashed');
      }),
    ).toBe(timeout);
  });
});
