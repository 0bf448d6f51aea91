import type { Snapshot } from '../../../../common/contract/snapshot.js';
import type { InstanceStatus } from '../../../../common/model/instance-status.js';
import { Facts } from '../../components/instance-columns.js';
import { RelTime } from '../../components/rel-time.js';
import { Untrusted } from '../../components/untrusted-text.js';
import { ageNow } from '../../lib/age-now.js';
import { duration, pct } from '../../lib/format.js';
import { countBySeverity, selectWarnings } from '../../store/selectors.js';
import { useAppStore } from '../../store/store.js';

/** The heartbeat age as it is now (lib/age-now.ts), so it keeps counting from the last real data. */
function gatewayText(s: Snapshot, heartbeatAgeSeconds: number | null): string {
  const g = s.gateway;
  if (g.running === null) return 'unknown';
  if (!g.running) return 'down';
  return `${g.state ?? 'running'} · heartbeat ${duration(heartbeatAgeSeconds)} ago`;
}

/** The overview card body: the few facts that say whether an instance is all right. */
export function InstanceSummary({ snapshot: s, instance }: { snapshot: Snapshot; instance: InstanceStatus }) {
  const counts = useAppStore((st) => {
    const c = countBySeverity(selectWarnings(st), instance.id);
    return `${c.critical}|${c.warning}|${c.info}`;
  });
  const [critical, warning, info] = counts.split('|').map(Number);
  const heartbeatAge = useAppStore((st) => ageNow(s.gateway.heartbeatAgeSeconds, instance, st.now));
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
            <Untrusted text={gatewayText(s, heartbeatAge)} />
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
