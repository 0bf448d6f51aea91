import { useEffect } from 'react';
import type { Snapshot } from '../../../../common/contract/snapshot.js';
import type { InstanceStatus } from '../../../../common/model/instance-status.js';
import { EmptyState } from '../../components/empty-state.js';
import { Facts, InstanceColumns } from '../../components/instance-columns.js';
import { RangePicker } from '../../components/range-picker.js';
import { WhenTime } from '../../components/when-time.js';
import { Tri } from '../../components/state-badge.js';
import { duration, orDash } from '../../lib/format.js';
import { useActions } from '../../store/actions.js';
import { useAppStore } from '../../store/store.js';
import { useScopedHistory } from '../../store/use-scoped-history.js';
import { FreshnessTimeline } from './freshness-timeline.js';

const PAYLOAD_LABELS = {
  configYaml: 'config.yaml',
  skills: 'skills',
  sessions: 'sessions',
  cron: 'cron',
  memories: 'memories',
  scripts: 'scripts',
} as const;

function BackupColumn({ s, instance }: { s: Snapshot; instance: InstanceStatus }) {
  const b = s.backup;
  const r = s.recovery;
  const emergency = s.systemd.units.find((u) => u.role === 'emergency-upload-timer');
  return (
    <>
      <h3 className="section-title">Backup repository</h3>
      {!b ? (
        <EmptyState title="No backup repo configured for this instance" />
      ) : (
        <>
          <Facts
            rows={[
              ['Repo', <code>{b.repoPath}</code>],
              ['Branch / HEAD', `${orDash(b.branch)} @ ${orDash(b.head)}`],
              [
                'Last commit',
                <span>
                  <WhenTime iso={b.lastCommitAt} />{' '}
                  <span className="muted">({duration(b.lastCommitAgeSeconds)} old at snapshot)</span>
                </span>,
              ],
              [
                'Working tree',
                <Tri
                  value={b.dirty === null ? null : !b.dirty}
                  yes="clean"
                  no={`${orDash(b.dirtyFiles)} uncommitted file(s)`}
                />,
              ],
              [
                'Unpushed commits',
                <span className={(b.ahead ?? 0) > 0 ? 'text-bad' : undefined}>{orDash(b.ahead)}</span>,
              ],
              ['Upstream', orDash(b.upstream)],
            ]}
          />
          <h3 className="section-title">Freshness</h3>
          <FreshnessTimeline instanceId={instance.id} label={instance.label} />
          <h3 className="section-title">Restore payload</h3>
          {b.restorePayload ? (
            <ul className="checklist">
              {(Object.keys(PAYLOAD_LABELS) as (keyof typeof PAYLOAD_LABELS)[]).map((k) => (
                <li key={k} className={b.restorePayload?.[k] ? 'text-good' : 'text-bad'}>
                  {b.restorePayload?.[k] ? '✓' : '✗'} {PAYLOAD_LABELS[k]}{' '}
                  {b.restorePayload?.[k] ? 'present' : 'missing'}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">unknown</p>
          )}
          <h3 className="section-title">Forbidden files</h3>
          {b.forbiddenFiles === null ? (
            <p className="muted">unknown</p>
          ) : b.forbiddenFiles.length === 0 ? (
            <p className="text-good">None tracked.</p>
          ) : (
            <ul className="text-bad">
              {b.forbiddenFiles.map((f) => (
                <li key={f}>
                  <code>{f}</code>
                </li>
              ))}
            </ul>
          )}
          {b.secretScan && b.secretScan.hits.length > 0 ? (
            <p className="text-bad">
              Secret scan: {b.secretScan.hits.length} hit(s) in{' '}
              {[...new Set(b.secretScan.hits.map((h) => h.file))].join(', ')}
            </p>
          ) : null}
        </>
      )}
      <h3 className="section-title">Recovery</h3>
      <Facts
        rows={[
          [
            'Restore drill',
            r.restoreDrillAt ? (
              <span>
                <WhenTime iso={r.restoreDrillAt} /> (
                {r.restoreDrillAgeDays !== null ? `${Math.round(r.restoreDrillAgeDays)} d` : '—'})
              </span>
            ) : (
              <span className="text-bad">never recorded</span>
            ),
          ],
          [
            'Google token',
            r.googleToken ? (
              r.googleToken.present ? (
                <span>
                  present
                  {r.googleToken.expiresAt ? (
                    <>
                      , expires <WhenTime iso={r.googleToken.expiresAt} />
                    </>
                  ) : null}
                  {r.googleToken.hasRefreshToken === false ? (
                    <span className="text-bad"> · no refresh token</span>
                  ) : null}
                </span>
              ) : (
                <span className="text-bad">missing</span>
              )
            ) : (
              <span className="muted">unknown</span>
            ),
          ],
          [
            'Emergency Drive upload',
            emergency ? (
              <span>
                {orDash(emergency.activeState)} · last <WhenTime iso={emergency.lastTriggerAt} />
              </span>
            ) : (
              <span className="muted">no timer</span>
            ),
          ],
        ]}
      />
    </>
  );
}

/** Fetches what the freshness timelines draw: history for the instances in scope, and the thresholds. */
function useFreshnessData(): void {
  const actions = useActions();
  const settingsLoaded = useAppStore((s) => s.settings !== null);
  useScopedHistory();
  useEffect(() => {
    if (!settingsLoaded) void actions.loadSettings();
  }, [actions, settingsLoaded]);
}

export function BackupsPane() {
  useFreshnessData();
  const hasInstances = useAppStore((s) => (s.app?.instances.length ?? 0) > 0);
  return (
    <div className="pane-body">
      {hasInstances ? (
        <div className="toolbar">
          <RangePicker label="Freshness range" />
        </div>
      ) : null}
      <InstanceColumns pane="backups">{(s, i) => <BackupColumn s={s} instance={i} />}</InstanceColumns>
    </div>
  );
}
