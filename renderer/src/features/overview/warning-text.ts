/**
 * Warning facts as the feed shows them. Pure. A fact that only repeats the title ("HOST_KEY_UNKNOWN: <the
 * message already in the title>") is left out, so a host-key hint is said once per warning, not twice.
 */
import type { Warning } from '../../../../common/model/warning.js';

/** The facts that add something to the title. */
export function distinctFacts(w: Pick<Warning, 'title' | 'facts'>): string[] {
  return w.facts.filter((f) => {
    const message = f.replace(/^[A-Z][A-Z0-9_]+: /, '');
    return message.length === 0 || !w.title.includes(message);
  });
}
