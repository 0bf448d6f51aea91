import { describe, expect, it } from 'vitest';
import { reasonForLostConnection, reasonFromSftpOpenError } from '../../../main/core/ssh/errors.js';

const ctx = { host: '100.87.53.10', port: 22, user: 'root' };

describe('why the SFTP channel would not open', () => {
  it.each(['Unable to start subsystem: sftp', 'Channel open failure: administratively prohibited'])(
    'blames the server setting when the subsystem is refused (%s)',
    (message) => {
      const reason = reasonFromSftpOpenError(new Error(message), 'vm', ctx);
      expect(reason.code).toBe('PERMISSION_DENIED');
      expect(reason.message).toContain('internal-sftp');
    },
  );

  it('treats anything else as the connection going away', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(reasonFromSftpOpenError(reset, 'vm', ctx).code).toBe('UNREACHABLE');
  });
});

describe('why an established connection went away', () => {
  it("uses ssh2's last error when there is one", () => {
    expect(reasonForLostConnection(new Error('Keepalive timeout'), 'vm', ctx)).toMatchObject({
      code: 'TIMEOUT',
      detail: { phase: 'keepalive' },
    });
  });

  it('says the far end closed it, and that it reconnects on its own, when there is none', () => {
    expect(reasonForLostConnection(null, 'vm', ctx)).toEqual({
      code: 'UNREACHABLE',
      message: 'The connection to vm closed: the VM or sshd went away; reconnecting on its own.',
      detail: { host: '100.87.53.10', port: 22 },
    });
  });
});
