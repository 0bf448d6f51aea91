import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  emptyAlertsState,
  readAlertsState,
  withAlertsLock,
  writeAlertsState,
} from '../../../exporter/src/alerts/alerts-state.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hmc-alertstate-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the alerts state both paths share', () => {
  it('serialises concurrent holders, so a read-decide-write is never interleaved', async () => {
    const order: string[] = [];
    const holder = (name: string) =>
      withAlertsLock(dir, async () => {
        order.push(`${name} in`);
        await new Promise((r) => setTimeout(r, 30));
        order.push(`${name} out`);
      });
    await Promise.all([holder('a'), holder('b'), holder('c')]);
    for (let i = 0; i < order.length; i += 2) expect(order[i + 1]).toBe(order[i]!.replace(' in', ' out'));
  });

  it('breaks a lock left by a crashed run once it is stale, and gives up on a fresh one', async () => {
    const lock = join(dir, '.alerts-state.lock');
    await writeFile(lock, '999999\n');
    await expect(withAlertsLock(dir, async () => 'x', 200)).rejects.toThrow(/locked by another run/);
    const { utimes } = await import('node:fs/promises');
    const old = new Date(Date.now() - 120_000);
    await utimes(lock, old, old);
    expect(await withAlertsLock(dir, async () => 'ran', 200)).toBe('ran');
  });

  it('starts afresh from a damaged or foreign file, and round-trips its own', async () => {
    await writeFile(join(dir, 'alerts-state.json'), '{"version": 9');
    expect(await readAlertsState(dir)).toEqual(emptyAlertsState());
    const state = emptyAlertsState();
    state.hermesCron.lastRunAt = '2026-12-03T10:00:00.000Z';
    await writeAlertsState(dir, state);
    expect(await readAlertsState(dir)).toEqual(state);
    expect(JSON.parse(await readFile(join(dir, 'alerts-state.json'), 'utf8')).version).toBe(1);
  });

  it('throws, instead of starting afresh and telling everything again, on a state it cannot read', async () => {
    const other = await mkdtemp(join(tmpdir(), 'hmc-alertstate-unreadable-'));
    try {
      await mkdir(join(other, 'alerts-state.json'));
      await expect(readAlertsState(other)).rejects.toThrow(/cannot read .*alerts-state\.json: EISDIR/);
      expect(await readAlertsState(join(other, 'missing'))).toEqual(emptyAlertsState());
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
