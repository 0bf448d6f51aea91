/**
 * The laptop's incident log (issue 16 §4): every incident event the app observed at a poll or read from
 * the exporter's history, kept across app restarts and laptop sleep.
 *
 * Layout: `<dir>/events.jsonl` (append-only, one IncidentEvent per line) and `<dir>/observer.json` (what
 * the last poll and the last history sample looked like, so a restart neither re-opens nor forgets an
 * incident). On open, events past retention or past the count bound are dropped and the file is rewritten
 * atomically; a torn or foreign line is skipped. The pure logic is in common/incidents/.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { RawSample } from '../../../common/contract/history.js';
import {
  emptyHistoryObserver,
  historyEvents,
  type HistoryEventOptions,
  type HistoryObserverInstance,
} from '../../../common/incidents/history-events.js';
import { incidentEventSchema } from '../../../common/incidents/incident-schema.js';
import type { IncidentEvent } from '../../../common/incidents/incident-types.js';
import { observePoll, type PollObserverState } from '../../../common/incidents/observe-poll.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import type { Warning } from '../../../common/model/warning.js';
import { writeFileAtomic } from '../config/atomic-write.js';

export const INCIDENT_RETENTION_DAYS = 120;
export const INCIDENT_MAX_EVENTS = 50_000;

const observerSchema = z.object({
  version: z.literal(1),
  poll: z.record(
    z.string(),
    z.object({
      dataState: z.enum(['live', 'stale', 'unreachable', 'unknown', 'incompatible', 'invalid']).nullable(),
      openWarnings: z.record(
        z.string(),
        z.object({ severity: z.enum(['info', 'warning', 'critical']), title: z.string() }),
      ),
    }),
  ),
  history: z.record(
    z.string(),
    z.object({
      lastT: z.number().nullable(),
      gatewayDown: z.boolean().nullable(),
      restarts1h: z.number().nullable(),
      cronOverdue: z.number().nullable(),
      cronErrors: z.number().nullable(),
      backupGap: z.boolean().nullable(),
    }),
  ),
});
type ObserverFile = z.infer<typeof observerSchema>;

export interface IncidentLog {
  readonly dir: string;
  /** One completed poll: warnings and data states that began or ended. */
  recordPoll(instances: readonly InstanceStatus[], warnings: readonly Warning[], now: Date): Promise<void>;
  /** New exporter history samples of one instance (oldest first). */
  recordHistory(
    instanceId: string,
    samples: readonly RawSample[],
    options?: HistoryEventOptions,
  ): Promise<void>;
  /** Events made elsewhere (maintenance began/ended). */
  record(events: readonly IncidentEvent[]): Promise<void>;
  /** Every kept event, oldest first. */
  events(): IncidentEvent[];
  flush(): Promise<void>;
}

/** Reads `events.jsonl` (skipping bad lines) without opening a log: for `hermes-mc incidents`. */
export async function readIncidentEvents(dir: string): Promise<IncidentEvent[]> {
  const text = await readFile(join(dir, 'events.jsonl'), 'utf8').catch(() => '');
  const out: IncidentEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const parsed = incidentEventSchema.safeParse(JSON.parse(line));
      if (parsed.success) out.push(parsed.data);
    } catch {
      // A torn last line after a crash: skipped; the next open rewrites the file cleanly.
    }
  }
  return out;
}

export async function openIncidentLog(options: {
  dir: string;
  now?: () => Date;
  retentionDays?: number;
  maxEvents?: number;
}): Promise<IncidentLog> {
  const { dir } = options;
  const now = options.now ?? (() => new Date());
  const eventsPath = join(dir, 'events.jsonl');
  const observerPath = join(dir, 'observer.json');
  await mkdir(dir, { recursive: true });

  const loaded = await readIncidentEvents(dir);
  const cutoff = now().getTime() - (options.retentionDays ?? INCIDENT_RETENTION_DAYS) * 86_400_000;
  let events = loaded.filter((e) => Date.parse(e.t) >= cutoff);
  const max = options.maxEvents ?? INCIDENT_MAX_EVENTS;
  if (events.length > max) events = events.slice(events.length - max);
  const rawText = await readFile(eventsPath, 'utf8').catch(() => '');
  const lineCount = rawText.split('\n').filter(Boolean).length;
  if (events.length !== lineCount)
    await writeFileAtomic(eventsPath, events.map((e) => `${JSON.stringify(e)}\n`).join(''));

  let observer: ObserverFile = { version: 1, poll: {}, history: {} };
  try {
    const parsed = observerSchema.safeParse(JSON.parse(await readFile(observerPath, 'utf8')));
    if (parsed.success) observer = parsed.data;
  } catch {
    // Missing or corrupt: start observing afresh (the first poll opens what is wrong now).
  }

  let chain: Promise<unknown> = Promise.resolve();
  const serial = (fn: () => Promise<void>): Promise<void> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };

  async function persist(fresh: readonly IncidentEvent[], observerChanged: boolean): Promise<void> {
    if (fresh.length > 0) {
      events.push(...fresh);
      await appendFile(eventsPath, fresh.map((e) => `${JSON.stringify(e)}\n`).join(''), {
        encoding: 'utf8',
        mode: 0o600,
      });
    }
    if (observerChanged) await writeFileAtomic(observerPath, `${JSON.stringify(observer)}\n`);
  }

  return {
    dir,
    recordPoll(instances, warnings, at) {
      return serial(async () => {
        const before = JSON.stringify(observer.poll);
        const r = observePoll(observer.poll as PollObserverState, instances, warnings, at);
        observer.poll = r.state;
        await persist(r.events, JSON.stringify(observer.poll) !== before);
      });
    },
    recordHistory(instanceId, samples, opts) {
      return serial(async () => {
        const prev: HistoryObserverInstance = observer.history[instanceId] ?? emptyHistoryObserver();
        const r = historyEvents(instanceId, prev, samples, opts);
        if (r.state.lastT === prev.lastT) return;
        observer.history[instanceId] = r.state;
        await persist(r.events, true);
      });
    },
    record(list) {
      return serial(() => persist(list, false));
    },
    events: () => [...events],
    flush: () => serial(async () => undefined),
  };
}
