import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectSystemd,
  configuredUnits,
  TIMESTAMP_STYLE_STATE_KEY,
  type SystemdDeps,
} from '../../../exporter/src/collect/systemd.js';
import {
  parseSystemctlShowBlocks,
  SYSTEMD_PROPERTIES,
  toUnitInfo,
} from '../../../exporter/src/collect/lib/systemd-show.js';
import {
  parseSystemdTimespanUs,
  parseSystemdTimestamp,
} from '../../../exporter/src/collect/lib/systemd-values.js';
import { FIXED_NOW, makeContext } from '../../fixtures/system/context.js';
import { writeFakeScopedSystemctl, writeFakeSystemctl } from '../../fixtures/system/fake-systemctl.js';
import { realExec, recordingExec } from '../../fixtures/system/real-exec.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/system', import.meta.url));
const SYSTEM_OUTPUT = join(FIXTURES, 'systemctl-show-system.txt');
const USER_OUTPUT = join(FIXTURES, 'systemctl-show-user.txt');
const BHEEM_SYSTEM_OUTPUT = join(FIXTURES, 'systemctl-show-bheem-system.txt');
const BHEEM_USER_OUTPUT = join(FIXTURES, 'systemctl-show-bheem-user.txt');
const PROPERTY_ARG =
  '--property=Id,LoadState,ActiveState,SubState,UnitFileState,NRestarts,Result,ExecMainStatus,' +
  'ActiveEnterTimestamp,LastTriggerUSec,LastTriggerUSecMonotonic,NextElapseUSecRealtime,NextElapseUSecMonotonic';
const STYLE_ARG = '--timestamp=us+utc';

// Monotonic clock 1000 s after boot at FIXED_NOW: a monotonic elapse of 1d 2h 30min 5.25s is due at
// FIXED_NOW + (95405.25 s - 1000 s).
const deps: SystemdDeps = { clock: () => ({ now: FIXED_NOW, monotonicUs: 1000e6 }), uid: 1002 };

const vijaySystemd = {
  scope: 'system' as const,
  gatewayUnit: 'hermes-gateway.service',
  dashboardUnit: 'hermes-root-dashboard.service',
  backupTimer: 'hermes-root-backup.timer',
  watchdogUnit: 'hermes-watchdog.service',
  emergencyUploadTimer: 'hermes-emergency-drive-upload.timer',
  extraUnits: ['caddy-legacy.service'],
};
const bheemSystemd = {
  scope: 'user' as const,
  gatewayUnit: 'uma-hermes-gateway.service',
  dashboardUnit: 'uma-hermes-dashboard.service',
  backupTimer: 'uma-hermes-backup.timer',
};
/** Bheem as the founder's runbook runs it: the gateway under uma's user manager, the rest system units. */
const bheemMixedSystemd = {
  scope: 'user' as const,
  gatewayUnit: 'uma-hermes-gateway.service',
  dashboardUnit: { name: 'uma-hermes-dashboard.service', scope: 'system' as const },
  backupTimer: { name: 'uma-hermes-backup.timer', scope: 'system' as const },
};

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hmc-systemd-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('systemd value parsing', () => {
  it('reads every timestamp form systemctl prints and treats unset forms as unknown', () => {
    expect(parseSystemdTimestamp('Sat 2026-11-21 12:00:00 UTC')).toBe('2026-11-21T12:00:00.000Z');
    expect(parseSystemdTimestamp('Sat 2026-11-21 11:59:58.123456 UTC')).toBe('2026-11-21T11:59:58.123Z');
    expect(parseSystemdTimestamp('Sat 2026-11-21 17:30:00 +0530')).toBe('2026-11-21T12:00:00.000Z');
    expect(parseSystemdTimestamp('@1795248000')).toBe('2026-11-21T08:00:00.000Z');
    expect(parseSystemdTimestamp('1795262400000000')).toBe('2026-11-21T12:00:00.000Z');
    for (const unset of ['', 'n/a', '0', 'infinity', undefined])
      expect(parseSystemdTimestamp(unset)).toBeNull();
    // A named local zone is ambiguous: unknown rather than a wrong time.
    expect(parseSystemdTimestamp('Sat 2026-11-21 12:00:00 IST')).toBeNull();
  });

  it('reads systemd timespans for monotonic timers', () => {
    expect(parseSystemdTimespanUs('1d 2h 30min 5.250000s')).toBe(95_405_250_000);
    expect(parseSystemdTimespanUs('45min')).toBe(2_700_000_000);
    expect(parseSystemdTimespanUs('0')).toBeNull();
    expect(parseSystemdTimespanUs('infinity')).toBeNull();
    expect(parseSystemdTimespanUs('soon')).toBeNull();
  });

  it('splits the recorded output into one block per unit', async () => {
    const blocks = parseSystemctlShowBlocks(await readFile(SYSTEM_OUTPUT, 'utf8'));
    expect(blocks.map((b) => b.Id)).toEqual([
      'hermes-gateway.service',
      'hermes-root-dashboard.service',
      'hermes-root-backup.timer',
      'hermes-watchdog.service',
      'hermes-emergency-drive-upload.timer',
      'caddy-legacy.service',
    ]);
    expect(SYSTEMD_PROPERTIES).toContain('NextElapseUSecRealtime');
  });
});

describe('systemd collector through a fake systemctl on PATH', () => {
  it('runs exactly one systemctl show for all system units and reports their state', async () => {
    const bin = join(tmp, 'bin-system');
    const log = join(tmp, 'system.log');
    await writeFakeSystemctl(bin, SYSTEM_OUTPUT, log);
    const { exec, calls } = recordingExec(realExec());
    const ctx = makeContext({ systemd: vijaySystemd }, { exec, env: { PATH: `${bin}:${process.env.PATH}` } });

    const { value, problems } = await collectSystemd(ctx, deps);

    expect(problems).toEqual([]);
    expect(calls).toHaveLength(1);
    const args = [
      'show',
      '--no-pager',
      STYLE_ARG,
      PROPERTY_ARG,
      ...configuredUnits(ctx.config).map((u) => u.name),
    ];
    expect(calls[0]!.file).toBe('systemctl');
    expect(calls[0]!.args).toEqual(args);
    // What the executable really received, and the UTC clock it printed timestamps in.
    expect((await readFile(log, 'utf8')).trim().split('\n')).toEqual(args);
    expect(await readFile(`${log}.env`, 'utf8')).toContain('TZ=UTC');

    const byName = Object.fromEntries(value.units.map((u) => [u.name, u]));
    expect(value.scope).toBe('system');
    expect(byName['hermes-gateway.service']).toEqual({
      name: 'hermes-gateway.service',
      role: 'gateway',
      scope: 'system',
      loadState: 'loaded',
      activeState: 'active',
      subState: 'running',
      unitFileState: 'enabled',
      nRestarts: 2,
      result: 'success',
      execMainStatus: 0,
      activeEnterAt: '2026-11-21T09:14:02.418Z',
      lastTriggerAt: null,
      nextTriggerAt: null,
    });
    expect(byName['hermes-root-backup.timer']).toMatchObject({
      role: 'backup-timer',
      subState: 'waiting',
      nRestarts: null,
      execMainStatus: null,
      activeEnterAt: '2026-11-20T07:58:40.960Z',
      lastTriggerAt: '2026-11-21T12:00:00.517Z',
      nextTriggerAt: '2026-11-21T12:10:00.000Z',
    });
    expect(byName['hermes-watchdog.service']).toMatchObject({
      role: 'watchdog',
      activeState: 'failed',
      result: 'exit-code',
      execMainStatus: 1,
      activeEnterAt: null,
    });
    expect(byName['hermes-emergency-drive-upload.timer']).toMatchObject({
      role: 'emergency-upload-timer',
      lastTriggerAt: null,
      nextTriggerAt: new Date(FIXED_NOW.getTime() + 95_405_250 - 1_000_000).toISOString(),
    });
    // A missing unit is reported as missing, without the stub's default Result/NRestarts as facts.
    expect(byName['caddy-legacy.service']).toMatchObject({
      role: 'other',
      loadState: 'not-found',
      unitFileState: null,
      nRestarts: null,
      result: null,
      execMainStatus: null,
    });
  });

  it('passes --user first for a user instance and fills in the user bus directory', async () => {
    const bin = join(tmp, 'bin-user');
    const log = join(tmp, 'user.log');
    await writeFakeSystemctl(bin, USER_OUTPUT, log);
    const { exec, calls } = recordingExec(realExec());
    const ctx = makeContext({ systemd: bheemSystemd }, { exec, env: { PATH: `${bin}:${process.env.PATH}` } });

    const { value, problems } = await collectSystemd(ctx, deps);

    expect(problems).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args).toEqual([
      '--user',
      'show',
      '--no-pager',
      STYLE_ARG,
      PROPERTY_ARG,
      'uma-hermes-gateway.service',
      'uma-hermes-dashboard.service',
      'uma-hermes-backup.timer',
    ]);
    expect(await readFile(`${log}.env`, 'utf8')).toContain('XDG_RUNTIME_DIR=/run/user/1002');
    expect(value.scope).toBe('user');
    expect(value.units.map((u) => [u.name, u.activeState, u.nRestarts, u.activeEnterAt])).toEqual([
      ['uma-hermes-gateway.service', 'activating', 17, '2026-11-21T11:59:58.123Z'],
      ['uma-hermes-dashboard.service', 'active', 0, '2026-11-21T08:00:00.000Z'],
      ['uma-hermes-backup.timer', 'inactive', null, null],
    ]);
    expect(value.units[2]).toMatchObject({ lastTriggerAt: '2026-11-21T12:00:00.000Z', nextTriggerAt: null });
  });

  it('leaves every unit unknown with a reason when systemctl cannot reach the bus', async () => {
    const bin = join(tmp, 'bin-fail');
    const empty = join(tmp, 'empty.txt');
    await writeFile(empty, '');
    await writeFakeSystemctl(bin, empty, join(tmp, 'fail.log'), 1);
    const { exec, calls } = recordingExec(realExec());
    const ctx = makeContext({ systemd: bheemSystemd }, { exec, env: { PATH: `${bin}:${process.env.PATH}` } });

    const { value, problems } = await collectSystemd(ctx, deps);

    expect(problems).toEqual(['systemctl show (user manager): Failed to connect to bus: No medium found']);
    // Not a refusal of --timestamp=: no second try, nothing remembered.
    expect(calls).toHaveLength(1);
    expect(ctx.state).toEqual({});
    expect(value.units).toHaveLength(3);
    for (const unit of value.units) {
      expect(unit.activeState).toBeNull();
      expect(unit.loadState).toBeNull();
    }
  });

  it('starts no subprocess when no unit is configured', async () => {
    const { exec, calls } = recordingExec(realExec());
    const { value } = await collectSystemd(makeContext({}, { exec }), deps);
    expect(calls).toHaveLength(0);
    expect(value).toEqual({ scope: 'system', units: [] });
  });

  it('lists a unit configured under two roles once, under its first role', () => {
    const units = configuredUnits(
      makeContext({
        systemd: { scope: 'system', gatewayUnit: 'a.service', extraUnits: ['a.service', 'b.timer'] },
      }).config,
    );
    expect(units).toEqual([
      { name: 'a.service', role: 'gateway', scope: 'system' },
      { name: 'b.timer', role: 'other', scope: 'system' },
    ]);
  });
});

describe('units under two managers (Bheem: user gateway, system dashboard and backup timer)', () => {
  async function mixed(name: string, exitCodes: { system?: number; user?: number } = {}) {
    const bin = join(tmp, `bin-${name}`);
    const log = join(tmp, `${name}.log`);
    const empty = join(tmp, 'empty-output.txt');
    await writeFile(empty, '');
    await writeFakeScopedSystemctl(
      bin,
      {
        system: { output: exitCodes.system ? empty : BHEEM_SYSTEM_OUTPUT, exitCode: exitCodes.system },
        user: { output: exitCodes.user ? empty : BHEEM_USER_OUTPUT, exitCode: exitCodes.user },
      },
      log,
    );
    const { exec, calls } = recordingExec(realExec());
    const ctx = makeContext(
      { instance: { id: 'bheem', label: 'Bheem (uma)' }, systemd: bheemMixedSystemd },
      { exec, env: { PATH: `${bin}:${process.env.PATH}` } },
    );
    return { ctx, calls, log };
  }

  it('asks each manager once, for its own units, and reports every unit with the manager it came from', async () => {
    const { ctx, calls, log } = await mixed('mixed');

    const { value, problems } = await collectSystemd(ctx, deps);

    expect(problems).toEqual([]);
    expect(calls.map((c) => [c.file, c.args])).toEqual([
      ['systemctl', ['--user', 'show', '--no-pager', STYLE_ARG, PROPERTY_ARG, 'uma-hermes-gateway.service']],
      [
        'systemctl',
        [
          'show',
          '--no-pager',
          STYLE_ARG,
          PROPERTY_ARG,
          'uma-hermes-dashboard.service',
          'uma-hermes-backup.timer',
        ],
      ],
    ]);
    // What each executable really received: only the user call looks for uma's user bus.
    expect((await readFile(`${log}.user`, 'utf8')).trim().split('\n')).toEqual(calls[0]!.args);
    expect((await readFile(`${log}.system`, 'utf8')).trim().split('\n')).toEqual(calls[1]!.args);
    expect(await readFile(`${log}.user.env`, 'utf8')).toContain('XDG_RUNTIME_DIR=/run/user/1002');

    // The instance's default stays `user`; the units keep their configured order and say their manager.
    expect(value.scope).toBe('user');
    expect(value.units.map((u) => [u.name, u.role, u.scope, u.activeState, u.subState])).toEqual([
      ['uma-hermes-gateway.service', 'gateway', 'user', 'activating', 'auto-restart'],
      ['uma-hermes-dashboard.service', 'dashboard', 'system', 'active', 'running'],
      ['uma-hermes-backup.timer', 'backup-timer', 'system', 'active', 'waiting'],
    ]);
    expect(value.units[1]).toMatchObject({ activeEnterAt: '2026-11-21T08:00:00.250Z' });
    expect(value.units[2]).toMatchObject({
      lastTriggerAt: '2026-11-21T12:00:00.003Z',
      nextTriggerAt: '2026-11-21T12:10:00.000Z',
    });
  });

  it('leaves only the unreachable manager’s units unknown, and names that manager', async () => {
    const { ctx } = await mixed('user-down', { user: 1 });

    const { value, problems } = await collectSystemd(ctx, deps);

    expect(problems).toEqual(['systemctl show (user manager): Failed to connect to bus: No medium found']);
    expect(value.units.map((u) => [u.name, u.scope, u.activeState])).toEqual([
      ['uma-hermes-gateway.service', 'user', null],
      ['uma-hermes-dashboard.service', 'system', 'active'],
      ['uma-hermes-backup.timer', 'system', 'active'],
    ]);

    const { ctx: ctx2 } = await mixed('system-down', { system: 1 });
    const other = await collectSystemd(ctx2, deps);
    expect(other.problems).toEqual([
      'systemctl show (system manager): Failed to connect to bus: No medium found',
    ]);
    expect(other.value.units.map((u) => [u.name, u.activeState])).toEqual([
      ['uma-hermes-gateway.service', 'activating'],
      ['uma-hermes-dashboard.service', null],
      ['uma-hermes-backup.timer', null],
    ]);
  });

  it('keeps the other manager’s answer when starting one systemctl fails outright', async () => {
    const real = realExec();
    const bin = join(tmp, 'bin-spawn');
    await writeFakeScopedSystemctl(
      bin,
      { system: { output: BHEEM_SYSTEM_OUTPUT }, user: { output: BHEEM_USER_OUTPUT } },
      join(tmp, 'spawn.log'),
    );
    const ctx = makeContext(
      { systemd: bheemMixedSystemd },
      {
        exec: async (file, args, options) => {
          if (args[0] === '--user') throw new Error('spawn EAGAIN');
          return real(file, args, options);
        },
        env: { PATH: `${bin}:${process.env.PATH}` },
      },
    );

    const { value, problems } = await collectSystemd(ctx, deps);

    expect(problems).toEqual(['systemctl show (user manager): spawn EAGAIN']);
    expect(value.units.map((u) => u.activeState)).toEqual([null, 'active', 'active']);
  });

  it('makes one call when every unit, however written, belongs to the same manager', async () => {
    const bin = join(tmp, 'bin-one');
    await writeFakeSystemctl(bin, SYSTEM_OUTPUT, join(tmp, 'one.log'));
    const { exec, calls } = recordingExec(realExec());
    const ctx = makeContext(
      {
        systemd: {
          ...vijaySystemd,
          dashboardUnit: { name: 'hermes-root-dashboard.service', scope: 'system' },
          extraUnits: [{ name: 'caddy-legacy.service', scope: 'system' }],
        },
      },
      { exec, env: { PATH: `${bin}:${process.env.PATH}` } },
    );

    const { value, problems } = await collectSystemd(ctx, deps);

    expect(problems).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0]).toBe('show');
    expect(value.units).toHaveLength(6);
    expect(new Set(value.units.map((u) => u.scope))).toEqual(new Set(['system']));
  });

  it('treats one name under both managers as two units (each manager has its own units)', () => {
    const units = configuredUnits(
      makeContext({
        systemd: {
          scope: 'user',
          gatewayUnit: 'gw.service',
          extraUnits: [
            { name: 'gw.service', scope: 'system' },
            { name: 'gw.service', scope: 'user' },
          ],
        },
      }).config,
    );
    expect(units).toEqual([
      { name: 'gw.service', role: 'gateway', scope: 'user' },
      { name: 'gw.service', role: 'other', scope: 'system' },
    ]);
  });
});

describe('timestamps at one precision', () => {
  const timer = { name: 'hermes-root-backup.timer', role: 'backup-timer', scope: 'system' } as const;
  // As in `deps`: 12:05:00.000 on the wall clock is 1000 s after boot.
  const clock = { now: FIXED_NOW, monotonicUs: 1000e6 };
  const lastTrigger = (printed: string, monotonic?: string) =>
    toUnitInfo(
      timer,
      {
        LastTriggerUSec: printed,
        ...(monotonic === undefined ? {} : { LastTriggerUSecMonotonic: monotonic }),
      },
      clock,
    ).lastTriggerAt;

  it('gives the last trigger the milliseconds systemctl drops, so a 1 h timer shows next − last = 1 h', () => {
    // What systemd 252 prints for a timer that fired at 12:00:00.517204 and runs again 1 h later.
    const info = toUnitInfo(
      timer,
      {
        LastTriggerUSec: 'Sat 2026-11-21 12:00:00 UTC',
        LastTriggerUSecMonotonic: '11min 40.517204s',
        NextElapseUSecRealtime: '',
        NextElapseUSecMonotonic: '1h 11min 40.517204s',
      },
      clock,
    );
    expect(info.lastTriggerAt).toBe('2026-11-21T12:00:00.517Z');
    expect(info.nextTriggerAt).toBe('2026-11-21T13:00:00.517Z');
    expect(Date.parse(info.nextTriggerAt!) - Date.parse(info.lastTriggerAt!)).toBe(3600_000);
  });

  it('keeps the recorded whole second when the monotonic reading cannot belong to it', () => {
    // A Persistent= timer that last fired before this boot: systemd has no monotonic time for it.
    expect(lastTrigger('Sat 2026-11-21 12:00:00 UTC', '0')).toBe('2026-11-21T12:00:00.000Z');
    // The wall clock was stepped 5 s since the trigger: the recorded wall-clock second wins.
    expect(lastTrigger('Sat 2026-11-21 12:00:00 UTC', '11min 45.517204s')).toBe('2026-11-21T12:00:00.000Z');
    // A systemctl that does not print the property.
    expect(lastTrigger('Sat 2026-11-21 12:00:00 UTC')).toBe('2026-11-21T12:00:00.000Z');
    // Never fired.
    expect(lastTrigger('', '0')).toBeNull();
  });

  it('never moves a trigger out of the second systemd recorded, and takes printed sub-seconds as printed', () => {
    // Read half a millisecond early (two clock readings rounding): still 12:00:00, not 11:59:59.999.
    expect(lastTrigger('Sat 2026-11-21 12:00:00 UTC', '11min 39.999500s')).toBe('2026-11-21T12:00:00.000Z');
    expect(lastTrigger('Sat 2026-11-21 12:00:00.250000 UTC', '11min 40.517204s')).toBe(
      '2026-11-21T12:00:00.250Z',
    );
  });

  async function oldSystemctl(name: string, refusal: string) {
    const bin = join(tmp, `bin-${name}`);
    await writeFakeSystemctl(bin, USER_OUTPUT, join(tmp, `${name}.log`), 0, {
      rejectTimestampStyle: refusal,
    });
    const { exec, calls } = recordingExec(realExec());
    const run = (state: Record<string, unknown>, now: Date) =>
      collectSystemd(
        makeContext(
          { systemd: bheemSystemd },
          { exec, state, now, env: { PATH: `${bin}:${process.env.PATH}` } },
        ),
        deps,
      );
    const styled = () => calls.splice(0).map((c) => c.args.includes(STYLE_ARG));
    return { run, styled };
  }

  it.each([
    [
      'systemd 247, which has no --timestamp=',
      'old-option',
      "systemctl: unrecognized option '--timestamp=us+utc'",
    ],
    ['a systemctl without the us+utc style', 'old-value', 'Invalid value: us+utc.'],
  ])('asks %s again without the option, and tries it only once a day', async (_, name, refusal) => {
    const { run, styled } = await oldSystemctl(name, refusal);
    const state: Record<string, unknown> = {};

    const first = await run(state, FIXED_NOW);
    expect(first.problems).toEqual([]);
    expect(styled()).toEqual([true, false]);
    expect(first.value.units.map((u) => [u.name, u.activeState, u.activeEnterAt])).toEqual([
      ['uma-hermes-gateway.service', 'activating', '2026-11-21T11:59:58.123Z'],
      ['uma-hermes-dashboard.service', 'active', '2026-11-21T08:00:00.000Z'],
      ['uma-hermes-backup.timer', 'inactive', null],
    ]);
    expect(state[TIMESTAMP_STYLE_STATE_KEY]).toEqual({
      supported: false,
      checkedAt: FIXED_NOW.toISOString(),
    });

    // The next runs (ctx.state is kept in state.json) make one call, as on a current systemd.
    const minuteLater = await run(state, new Date(FIXED_NOW.getTime() + 60_000));
    expect(minuteLater.problems).toEqual([]);
    expect(styled()).toEqual([false]);

    // A day on, the option is tried again: systemd may have been upgraded meanwhile.
    await run(state, new Date(FIXED_NOW.getTime() + 24 * 3600_000));
    expect(styled()).toEqual([true, false]);
  });

  it('forgets the refusal once systemctl accepts --timestamp= (systemd upgraded)', async () => {
    const bin = join(tmp, 'bin-upgraded');
    await writeFakeSystemctl(bin, USER_OUTPUT, join(tmp, 'upgraded.log'));
    const { exec, calls } = recordingExec(realExec());
    const state: Record<string, unknown> = {
      [TIMESTAMP_STYLE_STATE_KEY]: { supported: false, checkedAt: '2026-11-20T12:00:00.000Z' },
    };
    const ctx = makeContext(
      { systemd: bheemSystemd },
      { exec, state, env: { PATH: `${bin}:${process.env.PATH}` } },
    );

    expect((await collectSystemd(ctx, deps)).problems).toEqual([]);
    expect(calls.map((c) => c.args.includes(STYLE_ARG))).toEqual([true]);
    expect(state).toEqual({});
  });
});
