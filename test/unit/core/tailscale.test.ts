import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeReason } from '../../../main/core/ssh/errors.js';
import {
  createTailscaleRefiner,
  execTailscale,
  parseTailscaleStatus,
  refineWithTailscale,
} from '../../../main/core/ssh/tailscale.js';

const fixture = readFileSync(
  new URL('../../fixtures/tailscale/status-peer-offline.json', import.meta.url),
  'utf8',
);
const timeout = makeReason('TIMEOUT', 'No SSH answer.', { host: '100.87.53.10', port: 22 });
const dir = mkdtempSync(join(tmpdir(), 'hmc-ts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fake `tailscale` executable (a real subprocess) that prints the given output. */
function fakeCli(name: string, script: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('tailscale status', () => {
  it('parses the real JSON shape: backend state, peers, IPs, last seen', () => {
    const status = parseTailscaleStatus(JSON.parse(fixture))!;
    expect(status.backendState).toBe('Running');
    expect(status.magicDnsSuffix).toBe('tail4c2a1.ts.net');
    expect(status.peers.map((p) => [p.hostName, p.online, p.lastSeen])).toEqual([
      ['hermes-vm', false, '2026-11-20T22:43:17Z'],
      ['build-box', true, null],
    ]);
  });

  it('says PEER_OFFLINE with last seen when the VM node is offline (by IP, host name or MagicDNS name)', () => {
    const status = parseTailscaleStatus(JSON.parse(fixture))!;
    for (const host of ['100.87.53.10', 'hermes-vm', 'hermes-vm.tail4c2a1.ts.net']) {
      const refined = refineWithTailscale(timeout, host, status);
      expect(refined.code).toBe('PEER_OFFLINE');
      expect(refined.detail?.lastSeen).toBe('2026-11-20T22:43:17Z');
      expect(refined.message).toContain('2026-11-20T22:43:17Z');
    }
    // An online peer keeps the SSH-level reason.
    expect(refineWithTailscale(timeout, '100.64.12.9', status).code).toBe('TIMEOUT');
  });

  it('says TAILSCALE_DOWN when the local backend is not running, but only for tailnet hosts', () => {
    const stopped = parseTailscaleStatus({ ...JSON.parse(fixture), BackendState: 'Stopped' })!;
    const refined = refineWithTailscale(timeout, '100.87.53.10', stopped);
    expect(refined.code).toBe('TAILSCALE_DOWN');
    expect(refined.message).toContain('Stopped');
    expect(refineWithTailscale(timeout, '192.168.1.50', stopped).code).toBe('TIMEOUT');
  });

  it('runs the CLI: JSON output refines, a dead daemon means down, an absent CLI changes nothing', async () => {
    const jsonFile = join(dir, 'status.json');
    writeFileSync(jsonFile, fixture);
    const ok = createTailscaleRefiner({ exec: execTailscale(fakeCli('ts-ok', `cat ${jsonFile}`)) });
    expect((await ok(timeout, '100.87.53.10')).code).toBe('PEER_OFFLINE');

    const dead = fakeCli(
      'ts-dead',
      'echo "failed to connect to local tailscaled; it doesn\'t appear to be running (sudo systemctl start tailscaled ?)" >&2; exit 1',
    );
    expect((await createTailscaleRefiner({ exec: execTailscale(dead) })(timeout, '100.87.53.10')).code).toBe(
      'TAILSCALE_DOWN',
    );

    const absent = createTailscaleRefiner({ exec: execTailscale(join(dir, 'no-such-tailscale')) });
    expect(await absent(timeout, '100.87.53.10')).toBe(timeout);

    const hung = createTailscaleRefiner({
      exec: execTailscale(fakeCli('ts-hang', 'exec sleep 5')),
      timeoutMs: 200,
    });
    expect(await hung(timeout, '100.87.53.10')).toBe(timeout);
  });
});
