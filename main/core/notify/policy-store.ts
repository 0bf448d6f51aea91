/**
 * Persists the notification policy state as a small JSON file in the app's data folder, so an app
 * restart neither forgets acknowledgements nor re-notifies what was already shown.
 * Writes are atomic (tmp + fsync + rename + fsync of the folder). A corrupt or foreign file is kept
 * aside as `<name>.corrupt` and the policy starts fresh — never a crash.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../config/atomic-write.js';
import { emptyPolicyState, type PolicyState } from '../../../common/notify/notification-policy.js';

const severity = z.enum(['info', 'warning', 'critical']);
const policyStateSchema = z.object({
  version: z.literal(1),
  tracked: z.record(
    z.string(),
    z.object({
      instanceId: z.string(),
      severity,
      title: z.string(),
      facts: z.array(z.string()),
      status: z.enum(['active', 'unknown']),
      firstSeenAt: z.string(),
      heldPolls: z.number().int().nonnegative(),
      clearPolls: z.number().int().nonnegative(),
      notifiedSeverity: severity.nullable(),
      lastNotifiedAt: z.string().nullable(),
      owed: z.enum(['new', 'escalated', 'reminder']).nullable(),
    }),
  ),
  acknowledged: z.record(z.string(), z.object({ severity, title: z.string(), at: z.string() })),
  snoozed: z.record(z.string(), z.string()),
  mutedUntil: z.string().nullable(),
  sentAt: z.array(z.string()),
  quietHours: z.object({ enabled: z.boolean(), start: z.string(), end: z.string() }).nullable(),
});

export interface PolicyLoadResult {
  state: PolicyState;
  /** Set when the file existed but could not be used; it was kept as `corruptCopy`. */
  recovered?: { code: 'POLICY_STATE_CORRUPT'; message: string; corruptCopy: string };
}

/** Loads and saves the policy state in `dataDir/<fileName>`. */
export interface PolicyStore {
  readonly path: string;
  load(): Promise<PolicyLoadResult>;
  save(state: PolicyState): Promise<void>;
}

export function createPolicyStore(dataDir: string, fileName = 'notification-policy.json'): PolicyStore {
  const path = join(dataDir, fileName);
  return {
    path,
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: emptyPolicyState() };
        throw err;
      }
      let message: string;
      try {
        const parsed = policyStateSchema.safeParse(JSON.parse(text));
        if (parsed.success) return { state: parsed.data };
        const first = parsed.error.issues[0];
        message = `${fileName} does not match the expected shape at ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`;
      } catch (err) {
        message = `${fileName} is not valid JSON: ${(err as Error).message}`;
      }
      const corruptCopy = `${path}.corrupt`;
      await writeFile(corruptCopy, text, { mode: 0o600 });
      return { state: emptyPolicyState(), recovered: { code: 'POLICY_STATE_CORRUPT', message, corruptCopy } };
    },
    async save(state) {
      await mkdir(dataDir, { recursive: true });
      await writeFileAtomic(path, `${JSON.stringify(state)}\n`);
    },
  };
}
