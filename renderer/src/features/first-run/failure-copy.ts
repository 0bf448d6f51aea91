/**
 * What to tell the person for each non-live state: a title, the reason, and what to do next.
 * Pure, so every branch is easy to test and to keep in step with the ReasonCode list.
 */
import type { InstanceStatus } from '../../../../common/model/instance-status.js';

export interface FailureCopy {
  /** Stable key for tests and styling. */
  kind:
    | 'unreachable'
    | 'host-key-mismatch'
    | 'host-key-unknown'
    | 'auth-failed'
    | 'stale'
    | 'incompatible'
    | 'no-snapshot'
    | 'invalid'
    | 'connecting'
    | 'config'
    | 'config-file';
  title: string;
  reason: string;
  /** What the app does in the meantime, when that is not obvious. */
  meanwhile?: string;
  next: string[];
  /** A command that helps, to copy (never run). */
  command?: { label: string; text: string };
  /** Which button to offer. */
  action?: 'settings' | 'trust';
}

const NETWORK = new Set([
  'UNREACHABLE',
  'TIMEOUT',
  'REFUSED',
  'DNS_FAILED',
  'TAILSCALE_DOWN',
  'PEER_OFFLINE',
]);

export function failureCopy(i: InstanceStatus): FailureCopy | null {
  const code = i.reason?.code ?? null;
  const reason = i.reason?.message ?? '';
  const host = i.hostName;
  if (i.state === 'live' && (!code || code === 'SNAPSHOT_INVALID' || code === 'SNAPSHOT_TOO_LARGE')) {
    if (!code) return null;
    return {
      kind: 'invalid',
      title: 'Showing the last good snapshot',
      reason: reason || 'The newest snapshot could not be used.',
      next: ['Check the exporter log on the VM; the next valid snapshot replaces this one automatically.'],
      command: {
        label: 'Exporter log',
        text: `journalctl -u hermes-exporter@${i.id}.service -n 50 --no-pager`,
      },
    };
  }
  // The host answered and served a file, but it cannot be used and there is no earlier good one: a
  // reachable host with a bad snapshot, never "unreachable".
  if (i.state === 'invalid') {
    return {
      kind: 'invalid',
      title: 'Invalid snapshot',
      reason: `${host} answered, but the snapshot it served cannot be used: ${reason || 'it does not match the contract.'}`,
      next: ['Check the exporter log on the VM; the next valid snapshot is shown automatically.'],
      command: {
        label: 'Exporter log',
        text: `journalctl -u hermes-exporter@${i.id}.service -n 50 --no-pager`,
      },
    };
  }
  if (i.state === 'incompatible' || code === 'SNAPSHOT_INCOMPATIBLE') {
    const v = i.schemaVersions;
    return {
      kind: 'incompatible',
      title: 'The exporter is newer than this app',
      reason: v
        ? `The snapshot uses schema v${v.found}; this app reads up to v${v.supported}.`
        : reason || 'The snapshot schema is not one this app understands.',
      next: [
        'Update Hermes Mission Control on this laptop.',
        'Or install the exporter version that matches this app on the VM.',
      ],
    };
  }
  if (code === 'HOST_KEY_MISMATCH') {
    const fp = typeof i.reason?.detail?.fingerprint === 'string' ? i.reason.detail.fingerprint : null;
    return {
      kind: 'host-key-mismatch',
      title: 'The VM’s host key changed — connection refused',
      reason: `${reason}${fp ? ` It now presents ${fp}.` : ''}`,
      next: [
        'Do not connect until you know why: a rebuilt VM explains it, anything else may be an attack.',
        'On the VM’s console (not over this network), print its key fingerprint and compare.',
        `If it matches and you expected the change, remove the old entry (ssh-keygen -R ${host}) and connect again.`,
      ],
      command: { label: 'Verify on the VM', text: 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub' },
    };
  }
  if (code === 'HOST_KEY_UNKNOWN') {
    return {
      kind: 'host-key-unknown',
      title: 'Waiting for you to trust this host',
      reason: reason || 'This is the first connection to this host.',
      next: ['Compare the fingerprint with the VM, then trust it.'],
      action: 'trust',
    };
  }
  if (code === 'AUTH_FAILED' || code === 'PASSPHRASE_REQUIRED' || code === 'HOST_KEY_REVOKED') {
    return {
      kind: 'auth-failed',
      title:
        code === 'PASSPHRASE_REQUIRED' ? 'The SSH key needs its passphrase' : 'The VM refused our SSH login',
      reason: reason || 'Authentication failed.',
      next: [
        'Check the user name and key file for this host in Settings.',
        'Make sure the public key is in that user’s authorized_keys on the VM, or that your SSH agent holds the key.',
      ],
      command: { label: 'Test from a terminal', text: `ssh -o BatchMode=yes ${host} true` },
      action: 'settings',
    };
  }
  if (code === 'CONFIG_INVALID' || code === 'INTERNAL') {
    return {
      kind: 'config',
      title: 'Settings need attention',
      reason,
      next: ['Open Settings and fix the highlighted fields.'],
      action: 'settings',
    };
  }
  if (i.state === 'stale' || code === 'SNAPSHOT_STALE') {
    return {
      kind: 'stale',
      title: 'The exporter stopped writing — data is old',
      reason: reason || 'The host answers but the snapshot has not changed.',
      next: [
        'Numbers below are the last ones the exporter wrote; treat them as history.',
        'Check that the exporter timer runs on the VM.',
      ],
      command: { label: 'Timer status', text: `systemctl status hermes-exporter@${i.id}.timer` },
    };
  }
  if (code === 'SNAPSHOT_MISSING' || code === 'PERMISSION_DENIED') {
    return {
      kind: 'no-snapshot',
      title:
        code === 'PERMISSION_DENIED' ? 'The SSH user cannot read the snapshot' : 'No snapshot on the VM yet',
      reason,
      next: ['Install and enable the exporter for this instance, or fix the folder permissions.'],
      command: { label: 'Exporter timer', text: `systemctl enable --now hermes-exporter@${i.id}.timer` },
    };
  }
  if (i.state === 'unreachable' || (code && NETWORK.has(code))) {
    return {
      kind: 'unreachable',
      title: `Can’t reach ${host}`,
      reason: reason || 'The connection failed.',
      next: [
        'Check that Tailscale is up on this laptop and that the VM is online.',
        'Mission Control keeps retrying on its own and refreshes as soon as the link is back.',
      ],
      command: { label: 'Check Tailscale', text: 'tailscale status' },
    };
  }
  if (i.state === 'unknown') {
    return { kind: 'connecting', title: 'Connecting…', reason: 'No data fetched yet.', next: [] };
  }
  return null;
}

/**
 * The config file could not be used (AppState.configError, which names the file and the field). main then
 * shows the demo fleet and leaves the file alone; it reads the file only at start, and a save from
 * Settings writes a whole new file from what the form shows.
 */
export function configFileCopy(message: string): FailureCopy {
  return {
    kind: 'config-file',
    title: 'Your config file could not be used',
    reason: message,
    meanwhile:
      'Mission Control is showing the made-up demo fleet instead and is not connecting to any VM. The file has not been changed.',
    next: [
      'Fix the named field in the file with a text editor, then restart Mission Control: it reads the file when it starts.',
      'Or open Settings and save there: that replaces the file with the settings shown, which start from the defaults, not from the broken file.',
    ],
    action: 'settings',
  };
}
