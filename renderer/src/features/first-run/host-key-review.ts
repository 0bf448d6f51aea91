/**
 * Which trust-on-first-use prompt the dialog shows. Pure. The dialog opens by itself only for a key the
 * person has neither declined nor put off ("ask me later": Esc, the backdrop, "Not now"); any unknown
 * key — declined or put off too — opens when asked for by name ("Review host key…" on the card, in
 * Settings, after Test connection). Mismatches never: they cannot be accepted.
 */
import type { HostKeyPrompt } from '../../../../preload/ipc-contract.js';

export const promptKey = (p: Pick<HostKeyPrompt, 'hostName' | 'fingerprint'>): string =>
  `${p.hostName}|${p.fingerprint}`;

export function promptToShow(
  prompts: readonly HostKeyPrompt[],
  review: string | null,
  deferred: readonly string[],
): HostKeyPrompt | null {
  const unknown = prompts.filter((p) => p.kind === 'unknown');
  if (review !== null) return unknown.find((p) => p.hostName === review) ?? null;
  return unknown.find((p) => !p.declined && !deferred.includes(promptKey(p))) ?? null;
}

/** The reviewable prompt for a host, if any (what "Review host key…" opens). */
export function reviewablePrompt(prompts: readonly HostKeyPrompt[], hostName: string): HostKeyPrompt | null {
  return prompts.find((p) => p.kind === 'unknown' && p.hostName === hostName) ?? null;
}
