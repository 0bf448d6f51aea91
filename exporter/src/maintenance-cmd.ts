/**
 * `hermes-exporter maintenance --instance <id> --for 30m|off [--out DIR]`: run by the operator on the VM,
 * as the instance's user, to hold the VM's own alerts (`hermes-exporter alerts`) for a while. Writes
 * `maintenance.json` next to the snapshot, atomically (0644, so the app's read-only account sees it);
 * `--for off` removes it. It changes nothing of Hermes. The file format and the "is it running" rule live
 * in common/maintenance/vm-maintenance-file.ts, which the alerts read too.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseMaintenanceMinutes } from '../../common/model/maintenance.js';
import {
  serializeVmMaintenance,
  VM_MAINTENANCE_FILE,
  vmMaintenanceUntil,
} from '../../common/maintenance/vm-maintenance-file.js';
import { writeFileAtomic } from './write-atomic.js';

export const MAINTENANCE_HELP = `Usage: hermes-exporter maintenance --instance <id> --for <30m|2h|off> [--out DIR]

Holds this instance's VM-side alerts for a while (a planned restart, an update):
writes maintenance.json next to its snapshot; the alerts stay quiet until it ends,
then report what is still wrong. Run it as the instance's user. Changes nothing
of Hermes.

  --instance ID   the instance (e.g. bheem)
  --for SPAN      how long: 30m, 90m, 2h (at most 12h); off ends it now
  --out DIR       its output folder (default /var/lib/hermes-exporter/<id>)
  --status        print whether maintenance is on, change nothing`;

export interface MaintenanceIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Returns the exit code: 0 done, 1 could not write, 2 usage. */
export async function maintenanceCommand(
  argv: string[],
  io: MaintenanceIo,
  now: Date = new Date(),
): Promise<number> {
  let values: { instance?: string; for?: string; out?: string; status?: boolean; help?: boolean };
  try {
    values = parseArgs({
      args: argv,
      options: {
        instance: { type: 'string' },
        for: { type: 'string' },
        out: { type: 'string' },
        status: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (err) {
    io.stderr(`hermes-exporter maintenance: ${(err as Error).message}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${MAINTENANCE_HELP}\n`);
    return 0;
  }
  const id = values.instance;
  if (!id || !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(id)) {
    io.stderr(
      'hermes-exporter maintenance: --instance <id> is required (lowercase letters, digits, - and _)\n',
    );
    return 2;
  }
  const dir = values.out ?? join('/var/lib/hermes-exporter', id);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    io.stderr(
      `hermes-exporter maintenance: no output folder ${dir} (is the exporter installed for ${id}?)\n`,
    );
    return 1;
  }
  const path = join(dir, VM_MAINTENANCE_FILE);
  const current = () => {
    try {
      return vmMaintenanceUntil(readFileSync(path, 'utf8'), id, now);
    } catch {
      return null;
    }
  };
  if (values.status) {
    const until = current();
    io.stdout(until ? `${id}: maintenance until ${until}\n` : `${id}: not in maintenance\n`);
    return 0;
  }
  const span = values.for;
  if (!span) {
    io.stderr('hermes-exporter maintenance: --for <30m|2h|off> is required\n');
    return 2;
  }
  try {
    if (span === 'off') {
      await unlink(path).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
      io.stdout(`${id}: maintenance ended; the VM's alerts report as usual again\n`);
      return 0;
    }
    const minutes = parseMaintenanceMinutes(span);
    if (minutes === null) {
      io.stderr(`hermes-exporter maintenance: --for ${span}: give 30m, 90m, 2h (at most 12h) or off\n`);
      return 2;
    }
    await writeFileAtomic(dir, VM_MAINTENANCE_FILE, serializeVmMaintenance(id, minutes, now));
    io.stdout(
      `${id}: maintenance until ${current()} (${minutes} min); the VM's alerts hold their messages until then\n`,
    );
    return 0;
  } catch (err) {
    io.stderr(
      `hermes-exporter maintenance: cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`,
    );
    return 1;
  }
}
