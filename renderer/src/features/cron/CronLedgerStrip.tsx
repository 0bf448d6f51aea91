/**
 * The cron ledger per job (issue 16 §1): the last runs as a strip of cells, oldest left — like a CI
 * history — including runs that never happened. Times are shown in the instance's own time zone
 * (config.timezone, the zone Hermes evaluates cron expressions in). Older exporters send no ledger:
 * the section says so instead of showing an empty strip.
 */
import type { CronJobSignal, Snapshot } from '../../../../common/contract/snapshot.js';
import { formatFullTime } from '../../../../common/text/human-time.js';
import { EmptyState } from '../../components/empty-state.js';
import { Untrusted } from '../../components/untrusted-text.js';
import { untrustedPlain } from '../../lib/untrusted-display.js';
import { WhenTime } from '../../components/when-time.js';
import {
  MISSED_CAUSE_WORDS,
  OUTCOME_GLYPH,
  OUTCOME_WORDS,
  WILL_NOT_FIRE_WORDS,
} from './cron-ledger-words.js';
import './cron-ledger-strip.css';

function validZone(tz: string | null): string | undefined {
  if (!tz) return undefined;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return tz;
  } catch {
    return undefined;
  }
}

function summary(j: CronJobSignal): string {
  const parts = [`${j.expected7d ?? '?'} expected`, `${j.missed7d} missed`, `${j.failed7d} failed`];
  if (j.consecutiveFailures > 1) parts.push(`${j.consecutiveFailures} failures in a row`);
  if (j.missedBeforeLatest > 0) parts.push(`recovered after ${j.missedBeforeLatest} missed`);
  return parts.join(' · ');
}

function JobStrip({ job, name, tz }: { job: CronJobSignal; name: string; tz: string | undefined }) {
  return (
    <div className="ledger-job" data-testid={`cron-ledger-${job.id}`}>
      <strong>
        <Untrusted text={name} />
      </strong>
      <div className="muted small">
        {summary(job)}
        {job.willNotFire
          ? ` · will not fire: ${WILL_NOT_FIRE_WORDS[job.willNotFire] ?? untrustedPlain(job.willNotFire, 60)}`
          : ''}
        {job.failuresGoNowhere ? ' · failures delivered nowhere' : ''}
      </div>
      {job.runs.length === 0 ? (
        <p className="muted small">No runs in the last 7 days.</p>
      ) : (
        <ol
          className="ledger-strip"
          aria-label={`Last ${job.runs.length} runs of ${untrustedPlain(name, 80)}, oldest first`}
        >
          {job.runs.map((r) => {
            const when = formatFullTime(r.at, tz);
            const cause =
              r.outcome === 'missed' && r.cause
                ? ` (${MISSED_CAUSE_WORDS[r.cause] ?? untrustedPlain(r.cause, 60)})`
                : '';
            const label = `${when}: ${OUTCOME_WORDS[r.outcome]}${cause}`;
            return (
              <li
                key={`${r.at}-${r.outcome}`}
                className={`ledger-cell ledger-${r.outcome}`}
                title={label}
                aria-label={label}
              >
                {OUTCOME_GLYPH[r.outcome]}
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

export function CronLedgerStrip({ s, label }: { s: Snapshot; label: string }) {
  const jobs = s.signals?.cronJobs;
  const tz = validZone(s.config.timezone);
  return (
    <section aria-label={`${label}: cron ledger`}>
      <h3 className="section-title">Runs, last 7 days{tz ? ` (${tz})` : ''}</h3>
      {s.signals?.tickerLastError?.present ? (
        <p className="text-bad">
          Last tick failed <WhenTime iso={s.signals.tickerLastError.at} />
          {s.signals.tickerLastError.message ? (
            <>
              : <Untrusted text={s.signals.tickerLastError.message} />
            </>
          ) : null}
        </p>
      ) : null}
      {s.signals?.jobsFiles?.corruptCount ? (
        <p className="muted small">
          jobs.json was found corrupt {s.signals.jobsFiles.corruptCount} time(s); Hermes kept the damaged
          copies.
        </p>
      ) : null}
      {jobs === undefined ? (
        <EmptyState title="No run ledger">This exporter is older than the cron ledger.</EmptyState>
      ) : jobs === null ? (
        <EmptyState title="Run ledger unknown">jobs.json could not be read.</EmptyState>
      ) : jobs.length === 0 ? (
        <EmptyState title="No cron jobs defined" />
      ) : (
        jobs.map((j) => {
          const name = s.cron.jobs?.find((c) => c.id === j.id)?.name ?? j.id;
          return <JobStrip key={j.id} job={j} name={name} tz={tz} />;
        })
      )}
    </section>
  );
}
