/**
 * The app config file (`config.json` in the OS config folder). It *is* the desktop Settings — the same zod
 * schema from the IPC contract — made strict at the top level and per host, so a typo such as
 * `"pollInterval"` or `"hostname"` is an error naming the field instead of being silently ignored.
 */
import { z } from 'zod';
import { hostSettingsSchema, settingsSchema, type Settings } from '../../../preload/ipc-contract.js';

export const appConfigHostSchema = hostSettingsSchema.strict();

export const appConfigSchema = settingsSchema
  .extend({
    /** Optional editor hint; ignored. */
    $schema: z.string().optional(),
    hosts: z.array(appConfigHostSchema).default([]),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const names = new Map<string, number>();
    const ids = new Map<string, string>();
    cfg.hosts.forEach((h, i) => {
      if (names.has(h.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['hosts', i, 'name'],
          message: `duplicate host name "${h.name}"`,
        });
      }
      names.set(h.name, i);
      h.instances.forEach((inst, j) => {
        const other = ids.get(inst.id);
        if (other !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['hosts', i, 'instances', j, 'id'],
            message: `instance id "${inst.id}" is already used (${other}); ids must be unique across the fleet`,
          });
        }
        ids.set(inst.id, `hosts[${i}].instances[${j}]`);
      });
    });
  });

export type AppConfig = Settings;

/** The config with every default filled in (what an empty `{}` file means). */
export function defaultAppConfig(): AppConfig {
  const { $schema: _ignored, ...rest } = appConfigSchema.parse({});
  return rest;
}
