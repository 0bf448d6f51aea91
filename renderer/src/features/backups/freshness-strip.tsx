import { memo, useMemo } from 'react';
import { absoluteTime, clockTime, duration } from '../../lib/format.js';
import { useAppStore } from '../../store/store.js';
import { stripSentence, type FreshnessStretch, type StretchStatus } from './backup-freshness.js';

const STATUS_TEXT: Record<StretchStatus, string> = {
  fresh: 'within the limit',
  over: 'over the limit',
  dirty: 'uncommitted changes in the repo',
  none: 'no data',
};

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The range as a row of stretches coloured by freshness. Colour is never the only signal: the row has a
 * spoken summary, each stretch its time and status on hover, and the caption says the same in words.
 *
 * The stretches change only when the chart's domain edge moves; the clock tick reaches this component only
 * for the summary's "latest ending … ago", so a tick re-renders that text and leaves the 48 stretches
 * (and their hover texts, which format dates) alone.
 */
export const FreshnessStrip = memo(function FreshnessStrip({
  stretches,
  maxAgeMinutes,
}: {
  stretches: FreshnessStretch[];
  maxAgeMinutes: number;
}) {
  const now = useAppStore((s) => s.now);
  const sentence = stripSentence(stretches, maxAgeMinutes, now);
  const row = useMemo(
    () =>
      stretches.map((s) => (
        <span
          key={s.from}
          className={`stretch stretch-${s.status}`}
          title={`${absoluteTime(iso(s.from))} – ${clockTime(iso(s.to))}: ${STATUS_TEXT[s.status]}${s.worstAgeSeconds !== null ? ` (oldest ${duration(s.worstAgeSeconds)})` : ''}`}
        />
      )),
    [stretches],
  );
  const first = stretches[0];
  const last = stretches[stretches.length - 1];
  return (
    <div className="freshness">
      <div className="freshness-strip" role="img" aria-label={`Backup freshness: ${sentence}`}>
        {row}
      </div>
      {first && last ? (
        // The row spans the whole range: its left end is the range's length ago.
        <div className="freshness-axis muted small" aria-hidden="true">
          <span>{`${duration((last.to - first.from) / 1000)} ago`}</span>
          <span>now</span>
        </div>
      ) : null}
      <p className="freshness-caption small">{sentence}</p>
      <ul className="legend freshness-legend" aria-label="Freshness colours">
        {(['fresh', 'over', 'dirty', 'none'] as const).map((k) => (
          <li key={k}>
            <span className={`swatch stretch-${k}`} aria-hidden="true" />
            {STATUS_TEXT[k]}
          </li>
        ))}
      </ul>
    </div>
  );
});
