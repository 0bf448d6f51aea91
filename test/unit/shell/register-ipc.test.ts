import { describe, expect, it } from 'vitest';
import { Channels, type IpcResult } from '../../../preload/ipc-contract.js';
import { isTrustedSenderUrl, registerIpc, toIpcError } from '../../../main/ipc/register-ipc.js';
import { APP_URL, fakeIpcMain, fakeService, subFrame, topFrame } from './ipc-fakes.js';

function setup(trusted = [APP_URL]) {
  const ipcMain = fakeIpcMain();
  const svc = fakeService();
  const refused: string[] = [];
  const dispose = registerIpc({
    ipcMain,
    service: svc.service,
    trustedRendererUrls: trusted,
    onRefused: (channel, code) => refused.push(`${channel}:${code}`),
  });
  return { ipcMain, svc, refused, dispose };
}

const call = (ipcMain: ReturnType<typeof fakeIpcMain>, channel: string, event: unknown, payload?: unknown) =>
  ipcMain.invoke(channel, event as never, payload) as Promise<IpcResult<unknown>>;

describe('registerIpc', () => {
  it('passes a valid request from our window to the service and returns its value', async () => {
    const { ipcMain, svc } = setup();
    const result = await call(ipcMain, Channels.snoozeWarning, topFrame(APP_URL), {
      warningId: 'vijay:disk',
      duration: '4h',
    });
    expect(result).toEqual({ ok: true, value: { from: Channels.snoozeWarning } });
    expect(svc.calls).toEqual([[Channels.snoozeWarning, { warningId: 'vijay:disk', duration: '4h' }]]);
  });

  it('hands the service the parsed payload, defaults filled in', async () => {
    const { ipcMain, svc } = setup();
    await call(ipcMain, Channels.queryHistory, topFrame(APP_URL), {
      instanceId: 'vijay',
      range: '24h',
      series: ['diskUsedPct'],
    });
    expect(svc.calls[0]?.[1]).toEqual({
      instanceId: 'vijay',
      range: '24h',
      series: ['diskUsedPct'],
      maxPoints: 600,
    });
  });

  it('refuses an invalid payload with INVALID_REQUEST naming the field, and never calls the service', async () => {
    const { ipcMain, svc, refused } = setup();
    const result = await call(ipcMain, Channels.snoozeWarning, topFrame(APP_URL), {
      warningId: 'x',
      duration: '10y',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_REQUEST');
      expect(result.error.message).toContain('duration');
    }
    const extra = await call(ipcMain, Channels.getState, topFrame(APP_URL), { sneaky: true });
    expect(extra.ok).toBe(false);
    const tooLong = await call(ipcMain, Channels.copyText, topFrame(APP_URL), { text: 'x'.repeat(5000) });
    expect(tooLong.ok).toBe(false);
    expect(svc.calls).toEqual([]);
    expect(refused).toEqual([
      `${Channels.snoozeWarning}:INVALID_REQUEST`,
      `${Channels.getState}:INVALID_REQUEST`,
      `${Channels.copyText}:INVALID_REQUEST`,
    ]);
  });

  it.each([
    ['a remote page', topFrame('https://evil.example/index.html')],
    ['another local file', topFrame('file:///tmp/evil/out/renderer/index.html')],
    ['a path that walks out and back', topFrame('file:///opt/hmc/out/renderer/../../../tmp/index.html')],
    ['an iframe inside our own window', subFrame(APP_URL)],
    ['a destroyed frame', { senderFrame: null }],
  ])('refuses %s with FORBIDDEN_SENDER', async (_what, event) => {
    const { ipcMain, svc } = setup();
    const result = await call(ipcMain, Channels.copyText, event, { text: 'ssh vm' });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(svc.calls).toEqual([]);
  });

  it('accepts our window with a hash or query, and the dev server in development', async () => {
    expect(isTrustedSenderUrl(`${APP_URL}#/warnings`, [APP_URL])).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5173/src/x', ['http://localhost:5173'])).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5174/', ['http://localhost:5173'])).toBe(false);
  });

  it('returns a thrown error as a value, keeping its code or falling back to INTERNAL', async () => {
    const { ipcMain, svc } = setup();
    svc.raw[Channels.decideHostKey] = async () => {
      throw Object.assign(new Error('host key changed'), { code: 'HOST_KEY_MISMATCH' });
    };
    svc.raw[Channels.refresh] = async () => {
      throw new TypeError('x is undefined');
    };
    const fp = 'SHA256:' + 'A'.repeat(43);
    expect(
      await call(ipcMain, Channels.decideHostKey, topFrame(APP_URL), {
        hostName: 'vm',
        fingerprint: fp,
        accept: true,
      }),
    ).toEqual({
      ok: false,
      error: { code: 'HOST_KEY_MISMATCH', message: 'host key changed' },
    });
    expect(await call(ipcMain, Channels.refresh, topFrame(APP_URL))).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'x is undefined' },
    });
    expect(toIpcError(Object.assign(new Error('e'), { code: 'ENOENT; rm -rf' })).code).toBe('INTERNAL');
  });

  it('removes every handler when disposed', () => {
    const { ipcMain, dispose } = setup();
    expect(ipcMain.handlers.size).toBe(Object.keys(Channels).length);
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });
});
