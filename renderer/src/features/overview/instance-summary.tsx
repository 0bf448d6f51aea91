import type { Snapshot } from '../../../../common/contract/snapshot.js';
import { instanceDataAgeSeconds } from '../../../../common/model/data-age.js';
import type { InstanceStatus } from '../../../../common/model/instance-status.js';
import { Facts } from '../../components/instance-columns.js';
import { RelTime } from '../../components/rel-time.js';
import { Untrusted } from '../../components/untrusted-text.js';
import { duration, pct } from '../../lib/format.js';
import { countBySeverity, selectWarnings } from '../../store/selectors.js';
import { useAppStore } from '../../store/store.js';

/**
 * The heartbeat age is the snapshot's (at generatedAt) plus how old the snapshot is now, so it keeps
 * counting from the last real data instead of freezing when no new data comes.
 */
function gatewayText(s: Snapshot, dataAgeSeconds: number | null): string {
  const g = s.gateway;
  if (g.running === null) return 'unknown';
  if (!g.running) return 'down';
  const heartbeat =
    g.heartbeatAgeSeconds === null ? null : g.heartbeatAgeSeconds + Math.max(0, dataAgeSeconds ?? 0);
  return `${g.state ?? 'running'} · heartbeat ${duration(heartbeat)} ago`;
}

/** The overview card body: the few facts that say whether an instance is all right. */
export function InstanceSummary({ snapshot: s, instance }: { snapshot: Snapshot; instance: InstanceStatus }) {
  const counts = useAppStore((st) => {
    const c = countBySeverity(selectWarnings(st), instance.id);
    return `${c.critical}|${c.warning}|${c.info}`;
  });
  const [critical, warning, info] = counts.split('|').map(Number);
  const dataAge = useAppStore((st) => instanceDataAgeSeconds(instance, st.now));
  const jobs = s.cron.jobs;
  const enabled = jobs?.filter((j) => j.enabled).length ?? null;
  const failing = jobs?.filter((j) => j.lastStatus === 'error').length ?? null;
  const overdue = jobs?.filter((j) => j.overdue).length ?? null;
  const tg = s.gateway.platforms['telegram'];
  const disk = s.host?.disks.find((d) => d.mount === '/') ?? s.host?.disks[0];
  return (
    <Facts
      rows={[
        [
          'Gateway',
          <span className={s.gateway.running === false ? 'text-bad' : undefined}>
            <Untrusted text={gatewayText(s, dataAge)} />
          </span>,
        ],
        [
          'Telegram',
          tg ? (
            <span className={tg.state === 'connected' ? 'text-good' : 'text-bad'}>
              <Untrusted text={tg.state ?? 'unknown'} />
            </span>
          ) : (
            <span className="muted">not configured</span>
          ),
        ],
        [
          'Cron',
          jobs === null ? (
            <span className="muted">unknown</span>
          ) : (
            <span>
              {enabled} enabled · <span className={failing ? 'text-bad' : undefined}>{failing} failing</span>{' '}
              · <span className={overdue ? 'text-bad' : undefined}>{overdue} overdue</span>
            </span>
          ),
        ],
        [
          'Backup',
          s.backup ? (
            <span>
              <RelTime iso={s.backup.lastCommitAt} prefix="last commit" />
              {s.backup.dirty ? ' · uncommitted changes' : ''}
              {s.backup.ahead ? ` · ${s.backup.ahead} unpushed` : ''}
            </span>
          ) : (
            <span className="muted">no backup repo</span>
          ),
        ],
        [
          'Disk',
          disk ? (
            <span>
              {pct(disk.usedPct)} used on <Untrusted text={disk.mount} />
            </span>
          ) : (
            <span className="muted">host probes off</span>
          ),
        ],
        [
          'Memory',
          s.host?.memory ? (
            `${pct(s.host.memory.availablePct)} available`
          ) : (
            <span className="muted">host probes off</span>
          ),
        ],
        [
          'Warnings',
          <span>
            <span className={critical ? 'text-bad' : undefined}>{critical} critical</span> · {warning} warning
            · {info} info
          </span>,
        ],
      ]}
    />
  );
}
