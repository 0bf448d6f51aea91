import { describe, expect, it } from 'vitest';
import { distinctFacts } from '../../../../renderer/src/features/overview/warning-text.js';
import { codeSpans } from '../../../../renderer/src/lib/code-spans.js';

const message =
  'test-vm presented a host key we have never seen (SHA256:abc); nothing was read — check it with `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` on the VM and accept it if it matches.';

describe('warning text in the feed', () => {
  it('leaves out a fact that only repeats the title, keeps the ones that add something', () => {
    const w = {
      title: `Cannot read test-vm: ${message}`,
      facts: [
        `HOST_KEY_UNKNOWN: ${message}`,
        'Next retry: 2026-05-14T14:09:00Z',
        'Other checks are unknown.',
      ],
    };
    expect(distinctFacts(w)).toEqual(['Next retry: 2026-05-14T14:09:00Z', 'Other checks are unknown.']);
    expect(distinctFacts({ title: 'Disk 96% used', facts: ['/: 96% used'] })).toEqual(['/: 96% used']);
  });

  it('shows `backticked` commands as code, and an unpaired backtick as it is', () => {
    expect(codeSpans('check it with `ssh-keygen -lf x` on the VM')).toEqual([
      { code: false, text: 'check it with ' },
      { code: true, text: 'ssh-keygen -lf x' },
      { code: false, text: ' on the VM' },
    ]);
    expect(codeSpans('a `b` c `d`')).toEqual([
      { code: false, text: 'a ' },
      { code: true, text: 'b' },
      { code: false, text: ' c ' },
      { code: true, text: 'd' },
    ]);
    expect(codeSpans('it`s odd')).toEqual([{ code: false, text: 'it`s odd' }]);
    expect(codeSpans('plain')).toEqual([{ code: false, text: 'plain' }]);
  });
});
