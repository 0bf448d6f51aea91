/**
 * Trust-on-first-use prompts waiting for the person. The SSH layer refuses an unknown key at once
 * (a handshake must not hang on a dialog) and remembers it; the prompt shows the fingerprint and a
 * verify command; accepting pins exactly that key through `ConnectionManager.acceptHostKey` and
 * reconnects. A declined key stays listed, marked `declined`: the window does not ask again on its own,
 * but the person can review and trust it at any time (issue 12 §2: declining was a dead end until restart).
 * Mismatches are shown too, for information only: they can never be accepted here.
 */
import type { HostKeyPrompt } from '../../../preload/ipc-contract.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import type { HostKeyDecisionRequest } from '../ssh/host-key-verifier.js';

export class HostKeyPrompts {
  private readonly unknown = new Map<string, HostKeyPrompt>();

  /** Called from the SSH layer's decision hook. Returns whether a new prompt appeared. */
  record(request: HostKeyDecisionRequest): boolean {
    const existing = this.unknown.get(request.hostName);
    if (existing && existing.fingerprint === request.fingerprint) return false;
    this.unknown.set(request.hostName, {
      hostName: request.hostName,
      host: request.host,
      port: request.port,
      keyType: request.keyType,
      fingerprint: request.fingerprint,
      verifyCommand: request.verifyCommand,
      kind: 'unknown',
    });
    return true;
  }

  pending(hostName: string): HostKeyPrompt | null {
    return this.unknown.get(hostName) ?? null;
  }

  /** Accepted: the prompt goes. Declined: it stays, marked, for a later review. */
  resolve(hostName: string, fingerprint: string, accepted: boolean): void {
    const prompt = this.unknown.get(hostName);
    if (!prompt || prompt.fingerprint !== fingerprint) return;
    if (accepted) this.unknown.delete(hostName);
    else this.unknown.set(hostName, { ...prompt, declined: true });
  }

  /** Pending unknown-key prompts plus one informational entry per host refusing a changed key. */
  list(instances: InstanceStatus[]): HostKeyPrompt[] {
    const out = [...this.unknown.values()];
    const seen = new Set(out.map((p) => p.hostName));
    for (const inst of instances) {
      if (inst.reason?.code !== 'HOST_KEY_MISMATCH' || seen.has(inst.hostName)) continue;
      const d = inst.reason.detail ?? {};
      const fingerprint =
        typeof d.fingerprint === 'string'
          ? d.fingerprint
          : typeof d.presented === 'string'
            ? d.presented
            : '';
      out.push({
        hostName: inst.hostName,
        host: typeof d.host === 'string' ? d.host : inst.hostName,
        port: typeof d.port === 'number' ? d.port : 22,
        keyType: typeof d.keyType === 'string' ? d.keyType : 'unknown',
        fingerprint,
        verifyCommand:
          typeof d.verifyCommand === 'string'
            ? d.verifyCommand
            : 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub',
        kind: 'mismatch',
      });
      seen.add(inst.hostName);
    }
    return out;
  }
}
