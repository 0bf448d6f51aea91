/**
 * The laptop's maintenance windows as a small JSON file in the app's data folder
 * (`<data dir>/{fleet,demo}/maintenance.json`), shared by the desktop app, `hermes-mc web` and
 * `hermes-mc maintenance`: the app reads it again at every poll, so a window the CLI starts takes effect
 * within one poll. Writes are atomic. A corrupt file is kept aside as `.corrupt` and reads as "no
 * maintenance" — a broken file must never hold notifications.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { emptyMaintenance, type MaintenanceState } from '../../../common/model/maintenance.js';
import { writeFileAtomic } from '../config/atomic-write.js';

const schema = z.object({
  version: z.literal(1),
  windows: z.record(
    z.string(),
    z.object({
      instanceId: z.string(),
      startedAt: z.string(),
      until: z.string(),
      source: z.enum(['window', 'tray', 'cli']),
    }),
  ),
}) satisfies z.ZodType<MaintenanceState>;

export const MAINTENANCE_FILE = 'maintenance.json';

export interface MaintenanceStore {
  readonly path: string;
  load(): Promise<MaintenanceState>;
  save(state: MaintenanceState): Promise<void>;
}

export function createMaintenanceStore(folder: string): MaintenanceStore {
  const path = join(folder, MAINTENANCE_FILE);
  return {
    path,
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch {
        return emptyMaintenance();
      }
      try {
        const parsed = schema.safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data;
      } catch {
        // fall through: kept aside below
      }
      await writeFile(`${path}.corrupt`, text, { mode: 0o600 }).catch(() => undefined);
      return emptyMaintenance();
    },
    async save(state) {
      await writeFileAtomic(path, `${JSON.stringify(state)}\n`);
    },
  };
}
