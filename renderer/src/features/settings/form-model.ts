/**
 * Settings form model, pure: a flat draft keyed by dotted path (numbers kept as the typed text), turned
 * back into an object for the contract's zod schemas, whose issues become per-field messages.
 */
import type { z } from 'zod';
import type { HostSettings, Settings } from '../../../../preload/ipc-contract.js';

export type Draft = Record<string, string | boolean>;
export type FieldErrors = Record<string, string>;

/**
 * Numbers the form shows in a unit people read, not the one stored: the disk-free floor is stored in
 * bytes (268435456) and typed in MiB (256).
 */
export const DISPLAY_SCALE: Record<string, number> = { 'thresholds.diskFreeBytesCritical': 1024 * 1024 };

/** Scalars of the settings (hosts are edited separately) as a flat draft; `numeric` lists number paths. */
export function flattenSettings(s: Settings): { draft: Draft; numeric: string[] } {
  const draft: Draft = {};
  const numeric: string[] = [];
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (k === 'hosts' && !prefix) continue;
      if (typeof v === 'number') {
        const scale = DISPLAY_SCALE[path];
        draft[path] = String(scale ? Number((v / scale).toFixed(3)) : v);
        numeric.push(path);
      } else if (typeof v === 'boolean' || typeof v === 'string') {
        draft[path] = v;
      } else if (v && typeof v === 'object' && !Array.isArray(v)) {
        walk(v as Record<string, unknown>, path);
      }
    }
  };
  walk(s as unknown as Record<string, unknown>, '');
  return { draft, numeric };
}

/** Typed text → number; blank or junk becomes NaN so the schema reports it at the field. */
export function toNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

export function unflattenSettings(draft: Draft, numeric: string[], hosts: HostSettings[]): unknown {
  const out: Record<string, unknown> = { hosts };
  for (const [path, value] of Object.entries(draft)) {
    const keys = path.split('.');
    let node = out;
    keys.slice(0, -1).forEach((k) => {
      node[k] = (node[k] as Record<string, unknown> | undefined) ?? {};
      node = node[k] as Record<string, unknown>;
    });
    const leaf = keys[keys.length - 1]!;
    const scale = DISPLAY_SCALE[path];
    node[leaf] =
      numeric.includes(path) && typeof value === 'string'
        ? scale
          ? Math.round(toNumber(value) * scale)
          : toNumber(value)
        : value;
  }
  return out;
}

/**
 * Fields whose draft differs from the saved settings: what Save settings would change and Discard would
 * undo. Numbers compare by value ("85.0" is still 85); text that is not a number always counts as changed.
 */
export function changedFields(draft: Draft, numeric: readonly string[], saved: Settings): string[] {
  const baseline = flattenSettings(saved).draft;
  return Object.keys(draft).filter((path) => {
    const value = draft[path]!;
    const before = baseline[path];
    if (numeric.includes(path) && typeof value === 'string' && typeof before === 'string') {
      return toNumber(value) !== Number(before);
    }
    return value !== before;
  });
}

// ---------------------------------------------------------------- saving one host

/*
 * A host is saved or removed on its own: the payload is the settings main last saved with only the hosts
 * changed, never the form's draft, so unsaved edits elsewhere in the form are not saved along with it and
 * stay pending. Main validates the payload like any other save.
 */

/** The last saved settings with `host` saved: it replaces the host named `original`, or is added. */
export function withHostSaved(saved: Settings, original: string | null, host: HostSettings): Settings {
  const at = original === null ? -1 : saved.hosts.findIndex((h) => h.name === original);
  const hosts = at < 0 ? [...saved.hosts, host] : saved.hosts.map((h, i) => (i === at ? host : h));
  return { ...saved, hosts };
}

/** The last saved settings without the host named `name` (unchanged when there is none). */
export function withHostRemoved(saved: Settings, name: string): Settings {
  return { ...saved, hosts: saved.hosts.filter((h) => h.name !== name) };
}

function friendly(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_big') return `Must be at most ${String(issue.maximum)}`;
  if (issue.code === 'too_small') {
    return issue.origin === 'string' && issue.minimum === 1
      ? 'Required'
      : issue.origin === 'array'
        ? issue.message
        : `Must be at least ${String(issue.minimum)}`;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'Enter a number';
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'Enter a whole number';
  return issue.message;
}

/** First message per field path (`hosts.0.port`, `thresholds.diskUsedPctWarning`). */
export function issuesToErrors(issues: z.core.$ZodIssue[], prefix = ''): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = prefix + issue.path.map(String).join('.');
    if (!(path in errors)) errors[path] = friendly(issue);
  }
  return errors;
}

// ---------------------------------------------------------------- hosts

export interface HostDraft {
  name: string;
  host: string;
  port: string;
  user: string;
  identityFile: string;
  useAgent: boolean;
  knownHostsFile: string;
  snapshotRoot: string;
  /** The instances on this VM, one row each, in order. */
  instances: InstanceRow[];
}

/** One instance row of the host form: its id (as the exporter names it) and the label the app shows. */
export interface InstanceRow {
  id: string;
  label: string;
}

export const EMPTY_HOST: HostDraft = {
  name: '',
  host: '',
  port: '22',
  user: '',
  identityFile: '',
  useAgent: true,
  knownHostsFile: '',
  snapshotRoot: '/var/lib/hermes-exporter',
  instances: [{ id: '', label: '' }],
};

export function hostToDraft(h: HostSettings): HostDraft {
  return {
    name: h.name,
    host: h.host,
    port: String(h.port),
    user: h.user,
    identityFile: h.identityFile ?? '',
    useAgent: h.useAgent ?? false,
    knownHostsFile: h.knownHostsFile ?? '',
    snapshotRoot: h.snapshotRoot,
    instances: h.instances.map((i) => ({ id: i.id, label: i.label })),
  };
}

/** The drafted index of each row draftToHost keeps (wholly empty rows are dropped). */
function keptRows(d: HostDraft): number[] {
  return d.instances.flatMap((r, i) => (r.id.trim() !== '' || r.label.trim() !== '' ? [i] : []));
}

export function draftToHost(d: HostDraft): unknown {
  // A row left wholly empty is no instance; a row with only an id is labelled by its id.
  const instances = d.instances
    .map((r) => ({ id: r.id.trim(), label: r.label.trim() }))
    .filter((r) => r.id !== '' || r.label !== '')
    .map((r) => ({ id: r.id, label: r.label || r.id }));
  return {
    name: d.name.trim(),
    host: d.host.trim(),
    port: toNumber(d.port),
    user: d.user.trim(),
    identityFile: d.identityFile.trim() || undefined,
    useAgent: d.useAgent,
    knownHostsFile: d.knownHostsFile.trim() || undefined,
    snapshotRoot: d.snapshotRoot.trim(),
    instances,
  };
}

/**
 * Host-form errors keyed by draft field; an instance's error is keyed by its row and field
 * (`instances.1.id`, the row as drafted), a whole-list error (none given) by `instances`.
 */
export function hostIssuesToErrors(issues: z.core.$ZodIssue[], d?: HostDraft): FieldErrors {
  const rows = d ? keptRows(d) : null;
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const i = Number(issue.path[1]);
    const field =
      issue.path[0] === 'instances' && issue.path.length > 1
        ? `instances.${rows?.[i] ?? i}.${String(issue.path[2] ?? 'id')}`
        : String(issue.path[0] ?? 'name');
    if (!(field in errors)) errors[field] = friendly(issue);
  }
  return errors;
}
