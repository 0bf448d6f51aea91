/**
 * Restart forensics in Health (issue 16 §3): every gateway restart of the last 7 days with its class
 * (planned, crash, suspected OOM, VM reboot, unexplained), the evidence and how long it was down; a
 * restart storm and a pending restart (running code ≠ installed checkout) stand out. Older exporters
 * send none of this: the section says so.
 */
import type { GatewayRestart, Snapshot } from '../../../../common/contract/snapshot.js';
import { restartClassWords } from '../../../../common/forensics/classify-restarts.js';
import { formatDuration } from '../../../../common/text/human-time.js';
import { EmptyState } from '../../components/empty-state.js';
import { Untrusted } from '../../components/untrusted-text.js';
import { Facts } from '../../components/instance-columns.js';
import { WhenTime } from '../../components/when-time.js';
import { untrustedPlain } from '../../lib/untrusted-display.js';

function classCell(r: GatewayRestart) {
  const bad = r.class === 'crash' || r.class === 'oom' || r.class === 'unknown';
  return (
    <span className={bad ? 'text-bad' : undefined}>
      {restartClassWords(r.class)}
      {r.exitCode !== null ? ` (exit ${r.exitCode})` : ''}
    </span>
  );
}

/** `label`: the instance's own label, so each column's section has a name of its own (axe landmark-unique). */
export function RestartForensics({ s, label }: { s: Snapshot; label: string }) {
  const life = s.signals?.gatewayLifecycle;
  if (life === undefined)
    return (
      <section aria-label={`${label}: restart forensics`}>
        <h3 className="section-title">Restarts</h3>
        <EmptyState title="No restart forensics">This exporter is older than restart forensics.</EmptyState>
      </section>
    );
  if (life === null)
    return (
      <section aria-label={`${label}: restart forensics`}>
        <h3 className="section-title">Restarts</h3>
        <EmptyState title="Restarts unknown">The gateway's lifecycle files could not be read.</EmptyState>
      </section>
    );
  const restarts = [...life.restarts].reverse();
  return (
    <section aria-label={`${label}: restart forensics`}>
      <h3 className="section-title">Restarts, last 7 days</h3>
      <Facts
        rows={[
          [
            'Restart storm',
            life.storm.active ? (
              <span className="text-bad">
                {life.storm.count} starts in {life.storm.windowMinutes} min
              </span>
            ) : (
              'no'
            ),
          ],
          [
            'Restart pending',
            life.restartPending === null ? (
              'unknown'
            ) : life.restartPending ? (
              <span className="text-bad">
                yes: running <Untrusted text={life.codeVersion ?? '—'} /> (
                <Untrusted text={life.codeSha?.slice(0, 8) ?? '?'} />)
              </span>
            ) : (
              'no'
            ),
          ],
          [
            'Last life',
            life.sentinel
              ? `${untrustedPlain(life.sentinel.phase ?? 'unknown', 32)}${life.sentinel.priorUncleanExit ? ' · previous life died uncleanly' : ''}${life.sentinel.priorSuspectedOom ? ' (suspected OOM)' : ''}`
              : 'no lifecycle file',
          ],
          ['Fault dump', life.faulthandlerAt ? <WhenTime iso={life.faulthandlerAt} /> : 'none'],
        ]}
      />
      {restarts.length === 0 ? (
        <EmptyState title="No restarts in the last 7 days" />
      ) : (
        <table className="table" data-testid="restart-forensics">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Class</th>
              <th scope="col">Evidence</th>
              <th scope="col">Down</th>
            </tr>
          </thead>
          <tbody>
            {restarts.map((r) => (
              <tr key={`${r.at}-${r.class}`}>
                <td>
                  <WhenTime iso={r.at} />
                </td>
                <td>{classCell(r)}</td>
                <td>
                  <Untrusted text={r.evidence.join('; ')} />
                </td>
                <td>
                  {r.seenDown ? formatDuration(r.downSeconds) : <span className="muted">not seen down</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
