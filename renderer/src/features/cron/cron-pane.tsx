import { Untrusted } from '../../components/untrusted-text.js';
import type { Snapshot } from '../../../../common/contract/snapshot.js';
import { EmptyState } from '../../components/empty-state.js';
import { Facts, InstanceColumns } from '../../components/instance-columns.js';
import { WhenTime } from '../../components/when-time.js';
import { describeSchedule } from '../../../../common/text/describe-schedule.js';
import { duration } from '../../lib/format.js';
import { CronLedgerStrip } from './CronLedgerStrip.js';

/** "daily at 07:00" with the expression Hermes stores beside it, so both readings are at hand. */
function Schedule({ kind, display }: { kind: string | null; display: string | null }) {
  if (!display) return <span className="muted">—</span>;
  const { text, expression } = describeSchedule(kind, display);
  return (
    <>
      {text}
      {expression ? (
        <>
          {' '}
          <code className="muted small nowrap cron-expression">{expression}</code>
        </>
      ) : null}
    </>
  );
}

function CronColumn({ s, label }: { s: Snapshot; label: string }) {
  const c = s.cron;
  const ex = c.executions24h;
  return (
    <>
      <Facts
        rows={[
          ['Provider', c.provider ?? 'unknown'],
          [
            'Ticker heartbeat',
            c.tickerHeartbeatAt ? (
              <WhenTime iso={c.tickerHeartbeatAt} />
            ) : (
              <span className="muted">none</span>
            ),
          ],
          ['Ticker last success', <WhenTime iso={c.tickerLastSuccessAt} />],
          ['Runs (24 h)', ex ? `${ex.completed} ok · ${ex.failed} failed · ${ex.running} running` : '—'],
        ]}
      />
      {c.jobs === null ? (
        <EmptyState title="Jobs unknown">jobs.json could not be read.</EmptyState>
      ) : c.jobs.length === 0 ? (
        <EmptyState title="No cron jobs defined" />
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Schedule</th>
              <th scope="col">Last run</th>
              <th scope="col">Next run</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {c.jobs.map((j) => {
              const bad = j.lastStatus === 'error' || j.overdue || j.deliveryFailed;
              return (
                <tr key={j.id} className={bad ? 'row-bad' : j.enabled === false ? 'row-muted' : undefined}>
                  <th scope="row">
                    <Untrusted text={j.name ?? j.id} />
                    {j.role ? <span className="muted small"> · {j.role}</span> : null}
                  </th>
                  <td>
                    <Schedule kind={j.scheduleKind} display={j.scheduleDisplay} />
                  </td>
                  <td className="nowrap">
                    <WhenTime iso={j.lastRunAt} />
                  </td>
                  <td className="nowrap">
                    <WhenTime iso={j.nextRunAt} />
                  </td>
                  <td>
                    {j.enabled === false ? 'paused' : (j.lastStatus ?? 'not run')}
                    {j.overdue ? (
                      <span className="text-bad"> · overdue {duration(j.overdueSeconds)}</span>
                    ) : null}
                    {j.lastError ? (
                      <span className="text-bad">
                        {' · '}
                        <Untrusted text={j.lastError} />
                      </span>
                    ) : null}
                    {j.deliveryFailed ? (
                      <span className="text-bad">
                        {' '}
                        · delivery failed{j.deliveryError ? `: ${j.deliveryError}` : ''}
                      </span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <CronLedgerStrip s={s} label={label} />
    </>
  );
}

export function CronPane() {
  return (
    <div className="pane-body">
      <InstanceColumns pane="cron">{(s, i) => <CronColumn s={s} label={i.label} />}</InstanceColumns>
    </div>
  );
}
