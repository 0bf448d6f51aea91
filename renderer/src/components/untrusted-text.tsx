import { useState } from 'react';
import { untrustedDisplay } from '../lib/untrusted-display.js';
import './window-status.css';

/** Long enough for any real name, path or message line; a hostile 100,000-character one is cut here. */
export const UNTRUSTED_MAX = 240;

/**
 * A string from the VM, shown inert and bounded (lib/untrusted-display.ts): control and bidi characters as
 * visible marks, wrapped anywhere so it never widens the page, and cut at `max` characters with a button
 * that shows the rest in a scrolling box (the full text stays reachable, never a wall of text by default).
 */
export function Untrusted({ text, max = UNTRUSTED_MAX }: { text: string | null | undefined; max?: number }) {
  const [expanded, setExpanded] = useState(false);
  if (text === null || text === undefined) return null;
  const d = untrustedDisplay(text, expanded ? Infinity : max);
  const body = d.segments.map((s, i) =>
    s.kind === 'control' ? (
      <span key={i} className="ctl-mark" title="A control character from the VM, shown instead of applied">
        {s.text}
      </span>
    ) : (
      s.text
    ),
  );
  const cut = d.hidden > 0;
  return (
    <span className={`untrusted${expanded ? ' untrusted-full' : ''}`}>
      {body}
      {cut ? '…' : null}
      {cut || expanded ? (
        <button type="button" className="btn-link untrusted-more" onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Show less' : `Show all ${d.total.toLocaleString('en-GB')} characters`}
        </button>
      ) : null}
    </span>
  );
}
