import { describe, expect, it } from 'vitest';
import { snapshotSchema } from '../../../../common/contract/snapshot.js';
import { buildRunbookCommands } from '../../../../common/runbook/runbook-commands.js';
import { makeSnapshot, makeStatus, unit, VM_HOST } from '../../../fixtures/snapshot-factory.js';

const byId = (cmds: { id: string; command: string }[]) => new Map(cmds.map((c) => [c.id, c.command]));

describe('snapshot factory', () => {
  it('produces snapshots that satisfy the contract for both instance shapes', () => {
    expect(snapshotSchema.safeParse(makeSnapshot('vijay')).success).toBe(true);
    expect(snapshotSchema.safeParse(makeSnapshot('bheem')).success).toBe(true);
  });
});

describe('buildRunbookCommands', () => {
  it('gives a system-scope instance the runbook’s exact systemctl/journalctl commands', () => {
    const cmds = byId(
      buildRunbookCommands(makeStatus(makeSnapshot('vijay')), VM_HOST, { dashboardPorts: [9119, 9120] }),
    );
    expect(cmds.get('gateway-status')).toBe('systemctl status hermes-gateway --no-pager');
    expect(cmds.get('gateway-journal')).toBe('journalctl -u hermes-gateway -n 100 --no-pager');
    expect(cmds.get('gateway-restart')).toBe('sudo systemctl restart hermes-gateway');
    expect(cmds.get('dashboard-status')).toBe('systemctl status hermes-root-dashboard --no-pager');
    expect(cmds.get('backup-timer-status')).toBe('systemctl status hermes-root-backup.timer --no-pager');
    expect(cmds.get('backup-now')).toBe('sudo systemctl start hermes-root-backup.service');
    // ss's own filter, so an ss that fails is not read as "nothing listens" (as `| grep` would).
    expect(cmds.get('listening-sockets')).toBe("ss -ltnp '( sport = :9119 or sport = :9120 )'");
    expect(cmds.get('watchdog-smoke-test')).toBe('python3 /root/.hermes/scripts/hermes_health_watchdog.py');
    expect(cmds.get('hermes-cron-list')).toBe('hermes cron list');
    expect(cmds.get('disk-usage')).toBe('df -h /');
    expect(cmds.get('memory')).toBe('free -h');
    expect(cmds.get('emergency-upload-journal')).toBe(
      'journalctl -u hermes-emergency-drive-upload.service -n 80 --no-pager',
    );
  });

  it('fills a user-scope instance’s user, uid and unit names from the snapshot', () => {
    const snap = makeSnapshot('bheem');
    const cmds = byId(buildRunbookCommands(makeStatus(snap), VM_HOST));
    expect(cmds.get('gateway-restart')).toBe(
      'sudo -u uma XDG_RUNTIME_DIR=/run/user/1002 systemctl --user restart uma-hermes-gateway',
    );
    expect(cmds.get('gateway-journal')).toBe(
      'sudo -u uma XDG_RUNTIME_DIR=/run/user/1002 journalctl --user -u uma-hermes-gateway -n 100 --no-pager',
    );
    expect(cmds.get('backup-now')).toBe(
      'sudo -u uma XDG_RUNTIME_DIR=/run/user/1002 systemctl --user start uma-hermes-backup.service',
    );
    expect(cmds.get('hermes-status')).toBe('sudo -u uma HERMES_HOME=/home/uma/.hermes hermes status --all');
    expect(cmds.get('watchdog-smoke-test')).toBe(
      'sudo -u uma HERMES_HOME=/home/uma/.hermes python3 /home/uma/.hermes/scripts/hermes_health_watchdog.py',
    );
  });

  it('builds each unit’s commands for the manager that owns it (Bheem: user gateway, system dashboard and timer)', () => {
    const snap = makeSnapshot('bheem', {
      systemd: {
        scope: 'user',
        units: [
          unit('uma-hermes-gateway.service', 'gateway', { scope: 'user' }),
          unit('uma-hermes-dashboard.service', 'dashboard', { scope: 'system' }),
          unit('uma-hermes-backup.timer', 'backup-timer', { scope: 'system' }),
        ],
      },
    });
    const cmds = byId(buildRunbookCommands(makeStatus(snap), VM_HOST));
    // The runbook's own lines for Bheem: the gateway through uma's user manager…
    expect(cmds.get('gateway-status')).toBe(
      'sudo -u uma XDG_RUNTIME_DIR=/run/user/1002 systemctl --user status uma-hermes-gateway --no-pager',
    );
    expect(cmds.get('gateway-restart')).toBe(
      'sudo -u uma XDG_RUNTIME_DIR=/run/user/1002 systemctl --user restart uma-hermes-gateway',
    );
    expect(cmds.get('gateway-journal')).toBe(
      'sudo -u uma XDG_RUNTIME_DIR=/run/user/1002 journalctl --user -u uma-hermes-gateway -n 100 --no-pager',
    );
    // …and the dashboard and backup timer as system units.
    expect(cmds.get('dashboard-status')).toBe('systemctl status uma-hermes-dashboard --no-pager');
    expect(cmds.get('dashboard-restart')).toBe('sudo systemctl restart uma-hermes-dashboard');
    expect(cmds.get('backup-timer-status')).toBe('systemctl status uma-hermes-backup.timer --no-pager');
    expect(cmds.get('backup-now')).toBe('sudo systemctl start uma-hermes-backup.service');
  });

  it('gives a root instance’s user unit the user-manager form, and its system units the plain one', () => {
    const snap = makeSnapshot('vijay', {
      systemd: {
        units: [
          unit('hermes-gateway.service', 'gateway'),
          unit('hermes-root-dashboard.service', 'dashboard', { scope: 'user' }),
        ],
      },
    });
    const cmds = byId(buildRunbookCommands(makeStatus(snap), VM_HOST));
    // The gateway names no scope (an older exporter's snapshot): it belongs to the instance's system manager.
    expect(snap.systemd.scope).toBe('system');
    expect(cmds.get('gateway-restart')).toBe('sudo systemctl restart hermes-gateway');
    expect(cmds.get('dashboard-restart')).toBe(
      'sudo -u root XDG_RUNTIME_DIR=/run/user/0 systemctl --user restart hermes-root-dashboard',
    );
  });

  it('uses whatever uid and unit names the data says (no hard-coded 1002)', () => {
    const snap = makeSnapshot('bheem', {
      instance: { user: 'asha', uid: 1007, hermesHome: '/home/asha/.hermes' },
      systemd: { units: [{ ...makeSnapshot('bheem').systemd.units[0]!, name: 'asha-gw.service' }] },
    });
    const cmds = byId(buildRunbookCommands(makeStatus(snap), VM_HOST));
    expect(cmds.get('gateway-restart')).toBe(
      'sudo -u asha XDG_RUNTIME_DIR=/run/user/1007 systemctl --user restart asha-gw',
    );
    // No backup timer in the data → no backup-now command rather than a guessed one.
    expect(cmds.has('backup-now')).toBe(false);
  });

  it('asks the VM for the uid when the exporter could not read it', () => {
    const snap = makeSnapshot('bheem', { instance: { uid: null } });
    const cmds = byId(buildRunbookCommands(makeStatus(snap), VM_HOST));
    expect(cmds.get('gateway-status')).toBe(
      'sudo -u uma XDG_RUNTIME_DIR=/run/user/$(id -u uma) systemctl --user status uma-hermes-gateway --no-pager',
    );
  });

  it('tunnels to the address the dashboard is actually bound to', () => {
    const onTailnet = makeSnapshot('vijay', {
      dashboard: { bindings: [{ address: '100.87.53.10', family: 'ipv4', class: 'tailscale' }] },
    });
    const tailscale = byId(buildRunbookCommands(makeStatus(onTailnet), VM_HOST));
    expect(tailscale.get('dashboard-tunnel')).toBe('ssh -N -L 9119:100.87.53.10:9119 ops@100.87.53.10');
    const loopback = makeSnapshot('bheem', {
      dashboard: {
        bindings: [{ address: '127.0.0.1', family: 'ipv4', class: 'loopback' }],
        exposure: 'loopback',
      },
    });
    expect(
      byId(buildRunbookCommands(makeStatus(loopback), { ...VM_HOST, port: 2222 })).get('dashboard-tunnel'),
    ).toBe('ssh -N -L 9120:127.0.0.1:9120 -p 2222 ops@100.87.53.10');
    const notListening = makeSnapshot('vijay', { dashboard: { bindings: [], exposure: 'none' } });
    expect(byId(buildRunbookCommands(makeStatus(notListening), VM_HOST)).has('dashboard-tunnel')).toBe(false);
  });

  it('leaves out commands whose inputs would be shell injection instead of running them', () => {
    const snap = makeSnapshot('vijay', {
      systemd: { units: [{ ...makeSnapshot('vijay').systemd.units[0]!, name: 'x;touch /tmp/pwned' }] },
    });
    const cmds = buildRunbookCommands(makeStatus(snap), VM_HOST);
    expect(cmds.some((c) => c.command.includes('pwned'))).toBe(false);
    expect(cmds.some((c) => c.id === 'gateway-restart')).toBe(false);
  });

  it('never contains a placeholder, for either instance', () => {
    for (const which of ['vijay', 'bheem'] as const) {
      const cmds = buildRunbookCommands(makeStatus(makeSnapshot(which)), VM_HOST);
      expect(cmds.length).toBeGreaterThan(15);
      for (const c of cmds) {
        expect(c.command).not.toMatch(/<[a-z_-]+>|undefined|\bnull\b|NaN|\[object/);
        expect(c.where.length).toBeGreaterThan(0);
      }
    }
  });

  it('offers the restore drill steps against this instance’s backup repo', () => {
    const cmds = byId(buildRunbookCommands(makeStatus(makeSnapshot('vijay')), VM_HOST));
    expect(cmds.get('restore-drill-clone')).toBe(
      'git clone --quiet /root/repos/bytelyst_hostinger_hermes_vm /tmp/hermes-restore-test-vijay',
    );
    expect(cmds.get('restore-drill-cleanup')).toBe('rm -rf /tmp/hermes-restore-test-vijay');
  });

  it('offers only the ssh login when there is no snapshot yet', () => {
    const cmds = buildRunbookCommands(makeStatus(null), VM_HOST);
    expect(cmds.map((c) => c.id)).toEqual(['ssh-login']);
  });
});
