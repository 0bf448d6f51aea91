/**
 * The notification policy (field lesson 3): once per change, never a stream. A pure function of
 * (policy state, warnings, prefs, now, events) → notifications to show + the next state.
 *
 * - New: a warning notifies after holding `holdPolls` consecutive polls; criticals at once.
 * - Clear: a notified warning must stay away `holdPolls` polls before the one "recovered" (hysteresis, so
 *   a flapping check is one notification, not one per flap). Never-notified ones vanish silently.
 * - Escalated: severity rises above anything already told → notify again. Falling is silent.
 * - Reminder: a critical still active and unacknowledged after `reminderMinutes`; also once when a
 *   snooze ends while the warning is still active.
 * - Acknowledge: quiet until the severity or title changes. Snooze per warning; global mute.
 * - Quiet hours and mute hold notifications back (criticals break through by preference); what was held
 *   back is owed and comes out as one summary when the block lifts.
 * - App start / wake from sleep: everything due in that poll is folded into ONE summary. More than
 *   MAX_BURST at once, or more than the hourly budget (prefs.maxPerHour), also folds.
 * - `unknown` warnings (stale data) are tracked but never notify as new nor count as recovered.
 * - `info` warnings are tracked, never notified.
 * - Timed maintenance (events.maintenance): nothing about that instance is shown while it runs — not
 *   new, escalated, reminder nor recovered. When it ends (events.maintenanceEnded) ONE summary says what
 *   is still wrong on it (nothing if all is well); what it covers counts as told, so it does not arrive
 *   again one by one.
 */
import type { NotificationPrefs, NotificationStatus, SnoozeDuration } from '../model/rule-settings.js';
import type { Severity, Warning } from '../model/warning.js';
import { inQuietHours, snoozeUntil } from './local-time.js';

/** At most this many individual notifications from one poll; more become one summary. */
export const MAX_BURST = 3;
const HOUR_MS = 3600_000;
const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export type NotificationKind = 'new' | 'escalated' | 'reminder' | 'recovered' | 'summary';
type OwedKind = 'new' | 'escalated' | 'reminder';

/** One OS notification to show (main/notify/notification-delivery.ts maps it to native options). */
export interface NotificationToShow {
  kind: NotificationKind;
  /** The warning it is about; null for a summary. */
  warningId: string | null;
  instanceId: string | null;
  severity: Severity;
  title: string;
  body: string;
  /** Every warning this notification covers (one, or several for a summary). */
  warningIds: string[];
}

export interface TrackedWarning {
  instanceId: string;
  severity: Severity;
  title: string;
  facts: string[];
  status: 'active' | 'unknown';
  firstSeenAt: string;
  /** Consecutive polls seen active. */
  heldPolls: number;
  /** Consecutive polls absent. */
  clearPolls: number;
  /** Highest severity the person has been told about for this occurrence; null = never notified. */
  notifiedSeverity: Severity | null;
  lastNotifiedAt: string | null;
  /** A notification that was due but held back (mute, quiet hours, rate limit). */
  owed: OwedKind | null;
}

export interface PolicyState {
  version: 1;
  tracked: Record<string, TrackedWarning>;
  acknowledged: Record<string, { severity: Severity; title: string; at: string }>;
  /** Warning id → snoozed until (ISO). */
  snoozed: Record<string, string>;
  mutedUntil: string | null;
  /** When notifications were shown within the last hour (rate limit). */
  sentAt: string[];
  /** The quiet-hours prefs at the last decision, so status can be answered without prefs. */
  quietHours: NotificationPrefs['quietHours'] | null;
}

export interface PolicyEvents {
  appStarted?: boolean;
  wokeFromSleep?: boolean;
  /** Instance id → label, used in notification text. */
  instanceLabels?: Record<string, string>;
  /** Instance id → until (ISO): instances in timed maintenance, whose notifications are held. */
  maintenance?: Record<string, string>;
  /** Instances whose maintenance ended since the last decision: one summary each if still wrong. */
  maintenanceEnded?: string[];
}

export function emptyPolicyState(): PolicyState {
  return {
    version: 1,
    tracked: {},
    acknowledged: {},
    snoozed: {},
    mutedUntil: null,
    sentAt: [],
    quietHours: null,
  };
}

interface Candidate {
  kind: Exclude<NotificationKind, 'summary'>;
  id: string;
  t: TrackedWarning;
  /** Released from an earlier block (mute / quiet hours / budget). */
  released: boolean;
}

function label(events: PolicyEvents | undefined, instanceId: string): string {
  return events?.instanceLabels?.[instanceId] ?? instanceId;
}

function toNotification(
  c: Candidate,
  events: PolicyEvents | undefined,
  snoozeEnded: boolean,
): NotificationToShow {
  const who = label(events, c.t.instanceId);
  const prefix: Record<Candidate['kind'], string> = {
    new: '',
    escalated: `Now ${c.t.severity}: `,
    reminder: snoozeEnded ? 'Still active: ' : 'Still critical: ',
    recovered: 'Recovered: ',
  };
  return {
    kind: c.kind,
    warningId: c.id,
    instanceId: c.t.instanceId,
    severity: c.t.severity,
    title: `${who}: ${prefix[c.kind]}${c.t.title}`,
    body: c.kind === 'recovered' ? 'The check passes again.' : c.t.facts.slice(0, 2).join('\n'),
    warningIds: [c.id],
  };
}

function summarize(cands: Candidate[], events: PolicyEvents | undefined): NotificationToShow {
  const problems = cands.filter((c) => c.kind !== 'recovered');
  const recovered = cands.length - problems.length;
  const crit = problems.filter((c) => c.t.severity === 'critical').length;
  const warn = problems.length - crit;
  const parts = [
    crit ? `${crit} critical` : '',
    warn ? `${warn} warning${warn === 1 ? '' : 's'}` : '',
    recovered ? `${recovered} recovered` : '',
  ];
  const ordered = [...problems].sort((a, b) => RANK[b.t.severity] - RANK[a.t.severity]);
  const lines = ordered.slice(0, 4).map((c) => `${label(events, c.t.instanceId)}: ${c.t.title}`);
  if (ordered.length > 4) lines.push(`+${ordered.length - 4} more`);
  return {
    kind: 'summary',
    warningId: null,
    instanceId: null,
    severity: crit ? 'critical' : warn ? 'warning' : 'info',
    title: `Hermes: ${parts.filter(Boolean).join(', ')}`,
    body: lines.join('\n') || 'Open Mission Control for details.',
    warningIds: cands.map((c) => c.id),
  };
}

function isBlocked(state: PolicyState, prefs: NotificationPrefs, now: Date, severity: Severity): boolean {
  if (state.mutedUntil && Date.parse(state.mutedUntil) > now.getTime()) return true;
  if (!inQuietHours(prefs.quietHours, now)) return false;
  return !(severity === 'critical' && prefs.criticalBreaksThrough);
}

/**
 * Decides what to show for this poll's warnings. Pure: returns a new state, never mutates the input.
 */
export function decideNotifications(
  policyState: PolicyState,
  warnings: Warning[],
  prefs: NotificationPrefs,
  now: Date,
  events?: PolicyEvents,
): { notifications: NotificationToShow[]; state: PolicyState } {
  const state: PolicyState = structuredClone(policyState);
  const nowMs = now.getTime();
  const nowIso = now.toISOString();
  state.quietHours = prefs.quietHours;
  state.sentAt = state.sentAt.filter((t) => nowMs - Date.parse(t) < HOUR_MS);
  if (state.mutedUntil && Date.parse(state.mutedUntil) <= nowMs) state.mutedUntil = null;

  const candidates: Candidate[] = [];
  const snoozeEnded = new Set<string>();
  const present = new Map(warnings.map((w) => [w.id, w]));
  for (const [id, until] of Object.entries(state.snoozed)) {
    if (Date.parse(until) > nowMs) continue;
    delete state.snoozed[id];
    if (present.get(id)?.status === 'active' && state.tracked[id]?.notifiedSeverity) snoozeEnded.add(id);
  }

  for (const w of present.values()) {
    const prev = state.tracked[w.id];
    const t: TrackedWarning = prev ?? {
      instanceId: w.instanceId,
      severity: w.severity,
      title: w.title,
      facts: w.facts,
      status: w.status,
      firstSeenAt: nowIso,
      heldPolls: 0,
      clearPolls: 0,
      notifiedSeverity: null,
      lastNotifiedAt: null,
      owed: null,
    };
    state.tracked[w.id] = t;
    Object.assign(t, {
      severity: w.severity,
      title: w.title,
      facts: w.facts,
      status: w.status,
      clearPolls: 0,
    });
    if (w.status === 'unknown') continue;
    t.heldPolls += 1;

    const ack = state.acknowledged[w.id];
    if (ack && (ack.severity !== w.severity || ack.title !== w.title)) delete state.acknowledged[w.id];
    if (state.acknowledged[w.id] || state.snoozed[w.id] || w.severity === 'info') {
      t.owed = null;
      continue;
    }
    let kind: Candidate['kind'] | null = null;
    if (t.notifiedSeverity === null) {
      if (w.severity === 'critical' || t.heldPolls >= prefs.holdPolls) kind = 'new';
    } else if (RANK[w.severity] > RANK[t.notifiedSeverity]) kind = 'escalated';
    else if (snoozeEnded.has(w.id)) kind = 'reminder';
    else if (
      w.severity === 'critical' &&
      t.lastNotifiedAt !== null &&
      nowMs - Date.parse(t.lastNotifiedAt) >= prefs.reminderMinutes * 60_000
    ) {
      kind = 'reminder';
    }
    // Held back earlier (mute, quiet hours, budget): it is now part of a backlog that comes out together.
    const released = t.owed !== null;
    kind ??= t.owed;
    if (kind) candidates.push({ kind, id: w.id, t, released });
  }

  for (const [id, t] of Object.entries(state.tracked)) {
    if (present.has(id)) continue;
    t.clearPolls += 1;
    const notified = t.notifiedSeverity !== null;
    if (t.clearPolls < (notified ? prefs.holdPolls : 1)) continue;
    delete state.tracked[id];
    delete state.acknowledged[id];
    const snoozed = state.snoozed[id] !== undefined;
    if (notified && !snoozed) candidates.push({ kind: 'recovered', id, t, released: false });
  }

  if (!prefs.enabled) return { notifications: [], state };

  // Maintenance: held while it runs; at its end the instance's summary below covers its candidates.
  const inMaintenance = (id: string) => {
    const until = events?.maintenance?.[id];
    return until !== undefined && Date.parse(until) > nowMs;
  };
  const ended = new Set((events?.maintenanceEnded ?? []).filter((id) => !inMaintenance(id)));
  const endSummaries = maintenanceEndSummaries(state, present, ended, prefs, now, events);
  const held = (c: Candidate) => inMaintenance(c.t.instanceId) || ended.has(c.t.instanceId);

  const deliverable: Candidate[] = [];
  for (const c of candidates) {
    if (held(c)) continue;
    if (!isBlocked(state, prefs, now, c.t.severity)) deliverable.push(c);
    else if (c.kind !== 'recovered') c.t.owed = c.kind;
  }
  if (deliverable.length === 0) return { notifications: endSummaries, state };

  const budget = prefs.maxPerHour - state.sentAt.length;
  if (budget <= 0) {
    for (const c of deliverable) if (c.kind !== 'recovered') c.t.owed = c.kind;
    return { notifications: endSummaries, state };
  }
  const fold =
    deliverable.length > 1 &&
    (Boolean(events?.appStarted || events?.wokeFromSleep) ||
      deliverable.length > Math.min(MAX_BURST, budget) ||
      deliverable.some((c) => c.released));
  const notifications = fold
    ? [summarize(deliverable, events)]
    : deliverable.map((c) => toNotification(c, events, snoozeEnded.has(c.id)));
  for (const c of deliverable) {
    if (c.kind === 'recovered') continue;
    c.t.owed = null;
    c.t.lastNotifiedAt = nowIso;
    if (c.t.notifiedSeverity === null || RANK[c.t.severity] > RANK[c.t.notifiedSeverity])
      c.t.notifiedSeverity = c.t.severity;
  }
  for (let i = 0; i < notifications.length; i++) state.sentAt.push(nowIso);
  return { notifications: [...endSummaries, ...notifications], state };
}

/**
 * One summary per instance whose maintenance just ended, listing what is still wrong there (active,
 * warning or critical, not acknowledged or snoozed). Nothing when all is well. Blocked by mute or quiet
 * hours, the warnings become owed instead and come out with that backlog. Mutates `state` (a clone).
 */
function maintenanceEndSummaries(
  state: PolicyState,
  present: Map<string, Warning>,
  ended: Set<string>,
  prefs: NotificationPrefs,
  now: Date,
  events: PolicyEvents | undefined,
): NotificationToShow[] {
  const out: NotificationToShow[] = [];
  const nowIso = now.toISOString();
  for (const instanceId of ended) {
    const still = [...present.values()]
      .filter(
        (w) =>
          w.instanceId === instanceId &&
          w.status === 'active' &&
          w.severity !== 'info' &&
          !state.acknowledged[w.id] &&
          !state.snoozed[w.id],
      )
      .sort((a, b) => RANK[b.severity] - RANK[a.severity] || a.title.localeCompare(b.title));
    if (still.length === 0) continue;
    const worst = still[0]!.severity;
    if (isBlocked(state, prefs, now, worst)) {
      for (const w of still) if (state.tracked[w.id]) state.tracked[w.id]!.owed = 'new';
      continue;
    }
    const who = label(events, instanceId);
    const lines = still.slice(0, 4).map((w) => w.title);
    if (still.length > 4) lines.push(`+${still.length - 4} more`);
    out.push({
      kind: 'summary',
      warningId: null,
      instanceId,
      severity: worst,
      title: `${who}: maintenance over, ${still.length} still wrong`,
      body: lines.join('\n'),
      warningIds: still.map((w) => w.id),
    });
    for (const w of still) {
      const t = state.tracked[w.id];
      if (!t) continue;
      t.owed = null;
      t.lastNotifiedAt = nowIso;
      if (t.notifiedSeverity === null || RANK[t.severity] > RANK[t.notifiedSeverity])
        t.notifiedSeverity = t.severity;
    }
    state.sentAt.push(nowIso);
  }
  return out;
}

/** Quiet until the warning changes severity or title (or clears). */
export function acknowledge(policyState: PolicyState, warningId: string, now: Date): PolicyState {
  const t = policyState.tracked[warningId];
  if (!t) return policyState;
  const state = structuredClone(policyState);
  state.acknowledged[warningId] = { severity: t.severity, title: t.title, at: now.toISOString() };
  state.tracked[warningId]!.owed = null;
  return state;
}

/** No notifications about this warning until the snooze ends (1 h, 4 h, or tomorrow 08:00 local). */
export function snooze(
  policyState: PolicyState,
  warningId: string,
  duration: SnoozeDuration,
  now: Date,
): PolicyState {
  const state = structuredClone(policyState);
  state.snoozed[warningId] = snoozeUntil(duration, now).toISOString();
  const t = state.tracked[warningId];
  if (t) t.owed = null;
  return state;
}

/** Global mute; `off` ends it. What becomes due meanwhile comes as one summary afterwards. */
export function mute(policyState: PolicyState, duration: SnoozeDuration | 'off', now: Date): PolicyState {
  const state = structuredClone(policyState);
  state.mutedUntil = duration === 'off' ? null : snoozeUntil(duration, now).toISOString();
  return state;
}

/** What the UI shows about notifications right now. */
export function notificationStatus(
  state: PolicyState,
  now: Date,
  prefs?: NotificationPrefs,
): NotificationStatus {
  const nowMs = now.getTime();
  const snoozed: Record<string, string> = {};
  for (const [id, until] of Object.entries(state.snoozed)) if (Date.parse(until) > nowMs) snoozed[id] = until;
  return {
    mutedUntil: state.mutedUntil && Date.parse(state.mutedUntil) > nowMs ? state.mutedUntil : null,
    snoozed,
    acknowledged: Object.keys(state.acknowledged),
    quietHoursActive: inQuietHours(prefs?.quietHours ?? state.quietHours, now),
  };
}
