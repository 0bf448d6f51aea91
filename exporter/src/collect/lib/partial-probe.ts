/**
 * Like `runProbe`, for collectors that can half-succeed: the collector returns its value plus a list of
 * problems (fields it had to leave null), and the probe is failed with those reasons while the value is
 * kept. A throw still yields the fallback.
 */
import type { Probe } from '../../../../common/contract/snapshot.js';
import { runProbe } from '../context.js';

export interface PartialResult<T> {
  value: T;
  /** Short, secret-free reasons; empty when everything was read. */
  problems: string[];
}

export async function runPartialProbe<T>(
  name: string,
  fn: () => Promise<PartialResult<T>>,
  fallback: T,
): Promise<{ value: T; probe: Probe }> {
  const { value, probe } = await runProbe<PartialResult<T>>(name, fn, { value: fallback, problems: [] });
  if (!probe.ok || value.problems.length === 0) return { value: value.value, probe };
  return {
    value: value.value,
    probe: { ...probe, ok: false, error: value.problems.join('; ').slice(0, 300) },
  };
}

/** One line, bounded: for error messages built from subprocess stderr. */
export function firstLine(text: string, max = 160): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, max);
}
