import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectDashboardExposure } from '../../../exporter/src/collect/dashboard-exposure.js';
import { classifyIPv6, decodeProcIPv6, formatIPv6 } from '../../../exporter/src/collect/lib/ip-address.js';
import { makeContext } from '../../fixtures/system/context.js';

const HEADER_V4 =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
const HEADER_V6 =
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';

/** One /proc/net/tcp line (addresses already in the kernel's little-endian hex). */
function line(sl: number, local: string, remote: string, st: string): string {
  return `   ${sl}: ${local} ${remote} ${st} 00000000:00000000 00:00000000 00000000     0        0 ${40000 + sl} 1 0000000000000000 100 0 0 10 0\n`;
}

// Port 9119 = 0x239F, 9120 = 0x23A0.
const TS_9119 = '0A355764:239F'; // 100.87.53.10
const LO_9119 = '0100007F:239F'; // 127.0.0.1
const ANY_9119 = '00000000:239F'; // 0.0.0.0
const PRIV_9119 = '0101A8C0:239F'; // 192.168.1.1
const PUBLIC_9119 = '4E0EB85D:239F'; // 93.184.14.78
const ZERO_REMOTE_V4 = '00000000:0000';
const ZERO_REMOTE_V6 = '00000000000000000000000000000000:0000';
const V6_LOOPBACK = '00000000000000000000000001000000';
const V6_ANY = '00000000000000000000000000000000';
const V6_MAPPED_LOOPBACK = '0000000000000000FFFF00000100007F'; // ::ffff:127.0.0.1
const V6_TAILSCALE = '5C117AFD0000E0A10000000034120000'; // fd7a:115c:a1e0::1234

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hmc-dash-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function fakeProc(name: string, tcp: string | null, tcp6: string | null): Promise<string> {
  const root = join(tmp, name);
  await mkdir(join(root, 'net'), { recursive: true });
  if (tcp !== null) await writeFile(join(root, 'net', 'tcp'), HEADER_V4 + tcp);
  if (tcp6 !== null) await writeFile(join(root, 'net', 'tcp6'), HEADER_V6 + tcp6);
  return root;
}

async function exposureOf(procRoot: string, port = 9119) {
  return collectDashboardExposure(makeContext({ dashboard: { port } }, { procRoot }));
}

describe('dashboard exposure from a fake /proc', () => {
  it('reports the Tailscale-only bind the runbook expects', async () => {
    const root = await fakeProc(
      'tailscale',
      line(0, TS_9119, ZERO_REMOTE_V4, '0A') +
        // An established connection to the dashboard and another port's listener are not bindings.
        line(1, TS_9119, '0B355764:D431', '01') +
        line(2, '0100007F:2C7A', ZERO_REMOTE_V4, '0A'),
      '',
    );
    const { value, problems } = await exposureOf(root);
    expect(problems).toEqual([]);
    expect(value).toEqual({
      port: 9119,
      bindings: [{ address: '100.87.53.10', family: 'ipv4', class: 'tailscale' }],
      exposure: 'tailscale',
    });
  });

  it('flags a wildcard bind as public (the seeds hardest guardrail)', async () => {
    const root = await fakeProc('any', line(0, ANY_9119, ZERO_REMOTE_V4, '0A'), null);
    const { value } = await exposureOf(root);
    expect(value.bindings).toEqual([{ address: '0.0.0.0', family: 'ipv4', class: 'any' }]);
    expect(value.exposure).toBe('public');
  });

  it('flags an IPv6 wildcard bind as public even when IPv4 is loopback-only', async () => {
    const root = await fakeProc(
      'any6',
      line(0, LO_9119, ZERO_REMOTE_V4, '0A'),
      line(0, `${V6_ANY}:239F`, ZERO_REMOTE_V6, '0A'),
    );
    const { value } = await exposureOf(root);
    expect(value.bindings.map((b) => [b.address, b.class])).toEqual([
      ['127.0.0.1', 'loopback'],
      ['::', 'any'],
    ]);
    expect(value.exposure).toBe('public');
  });

  it('takes the worst class: a LAN address beats loopback, a public one beats both', async () => {
    const lan = await fakeProc(
      'lan',
      line(0, LO_9119, ZERO_REMOTE_V4, '0A') + line(1, PRIV_9119, ZERO_REMOTE_V4, '0A'),
      '',
    );
    expect((await exposureOf(lan)).value.exposure).toBe('private');
    const pub = await fakeProc(
      'pub',
      line(0, PRIV_9119, ZERO_REMOTE_V4, '0A') + line(1, PUBLIC_9119, ZERO_REMOTE_V4, '0A'),
      '',
    );
    const { value } = await exposureOf(pub);
    expect(value.exposure).toBe('public');
    expect(value.bindings.find((b) => b.class === 'public')?.address).toBe('93.184.14.78');
  });

  it('decodes IPv6 loopback, v4-mapped and Tailscale ULA listeners', async () => {
    const root = await fakeProc(
      'v6',
      '',
      line(0, `${V6_LOOPBACK}:239F`, ZERO_REMOTE_V6, '0A') +
        line(1, `${V6_MAPPED_LOOPBACK}:239F`, ZERO_REMOTE_V6, '0A') +
        line(2, `${V6_TAILSCALE}:239F`, ZERO_REMOTE_V6, '0A') +
        // SO_REUSEPORT: the same address twice is one binding.
        line(3, `${V6_TAILSCALE}:239F`, ZERO_REMOTE_V6, '0A'),
    );
    const { value } = await exposureOf(root);
    expect(value.bindings).toEqual([
      { address: '::1', family: 'ipv6', class: 'loopback' },
      { address: '::ffff:127.0.0.1', family: 'ipv6', class: 'loopback' },
      { address: 'fd7a:115c:a1e0::1234', family: 'ipv6', class: 'tailscale' },
    ]);
    expect(value.exposure).toBe('tailscale');
  });

  it('says "none" when nothing listens on the port, and only for that port', async () => {
    const root = await fakeProc('other-port', line(0, '0A355764:23A0', ZERO_REMOTE_V4, '0A'), '');
    expect((await exposureOf(root, 9119)).value).toEqual({ port: 9119, bindings: [], exposure: 'none' });
    expect((await exposureOf(root, 9120)).value.exposure).toBe('tailscale');
  });

  it('works without IPv6 (no tcp6 file) but is unknown when neither table can be read', async () => {
    const v4only = await fakeProc('v4only', line(0, TS_9119, ZERO_REMOTE_V4, '0A'), null);
    const ok = await exposureOf(v4only);
    expect(ok.problems).toEqual([]);
    expect(ok.value.exposure).toBe('tailscale');

    const none = await fakeProc('none', null, null);
    const unknown = await exposureOf(none);
    expect(unknown.value).toEqual({ port: 9119, bindings: [], exposure: null });
    expect(unknown.problems.join(' ')).toContain('ENOENT');
  });

  it('formats and classifies IPv6 text the way people write it', () => {
    const bytes = decodeProcIPv6('B80D0120000000000000000001000000')!; // 2001:db8::1
    expect(formatIPv6(bytes)).toBe('2001:db8::1');
    expect(classifyIPv6(bytes)).toBe('public');
    expect(classifyIPv6(decodeProcIPv6('000080FE000000000000000001000000')!)).toBe('private'); // fe80::1
  });
});

describe('dashboard exposure from the real /proc', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sees a real server bound to 127.0.0.1 as loopback', async () => {
    const { value, problems } = await exposureOf('/proc', port);
    expect(problems).toEqual([]);
    expect(value.bindings).toContainEqual({ address: '127.0.0.1', family: 'ipv4', class: 'loopback' });
    expect(value.exposure).toBe('loopback');
  });
});
