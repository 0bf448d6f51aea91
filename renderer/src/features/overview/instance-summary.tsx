import type { Snapshot } from '../../../../common/contract/snapshot.js';
import type { InstanceStatus } from '../../../../common/model/instance-status.js';
import { Facts } from '../../components/instance-columns.js';
import { RelTime } from '../../components/rel-time.js';
import { Untrusted } from '../../components/untrusted-text.js';
import { ageNow } from '../../lib/age-now.js';
import { duration, pct } from '../../lib/format.js';
import { countBySeverity, selectInstances, selectWarnings } from '../../store/selectors.js';
import { hostGroups } from '../host/host-groups.js';
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
  // One VM, shown once: an instance without host probes reads the VM's disk and memory from the instance on
  // the same host that runs them (issue 15 §5), and says whose reading it is.
  const all = useAppStore(selectInstances);
  const group = s.host ? null : (hostGroups(all, [instance])[0] ?? null);
  const host = s.host ?? group?.host ?? null;
  const via = !s.host && group?.source ? ` (VM, read by ${group.source.label})` : '';
  const disk = host?.disks.find((d) => d.mount === '/') ?? host?.disks[0];
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
              {via ? <span className="muted">{via}</span> : null}
            </span>
          ) : (
            <span className="muted">host probes off</span>
          ),
        ],
        [
          'Memory',
          host?.memory ? (
            <span>
              {pct(host.memory.availablePct)} available
              {via ? <span className="muted">{via}</span> : null}
            </span>
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
