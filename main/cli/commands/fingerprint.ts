/**
 * `hermes-mc fingerprint <host> [--port N] [--json]`: fetch a server's host key without logging in and
 * print its SHA256 fingerprint with the commands that confirm it out of band — before you trust it.
 */
import { parseArgs } from 'node:util';
import { readSshConfig, resolveSshAlias } from '../../core/config/ssh-alias.js';
import { fetchHostKeyFingerprint } from '../../core/ssh/fingerprint.js';
import type { CliCommand, CliIo } from '../command.js';

const USAGE = `Usage: hermes-mc fingerprint <host> [--port N] [--json]

Prints the SSH host key fingerprint <host> presents (nothing is logged into or read), and how to check it
on the VM before trusting it with \`hermes-mc status --accept-host-key <fingerprint>\`.
<host> may be an alias from ~/.ssh/config.
`;

export const fingerprintCommand: CliCommand = {
  name: 'fingerprint',
  summary: "Print a host's SSH key fingerprint and the command to verify it on the VM",
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        strict: true,
        allowPositionals: true,
        options: {
          port: { type: 'string', short: 'p' },
          json: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (err) {
      io.stderr.write(`hermes-mc fingerprint: ${(err as Error).message}\n\n${USAGE}`);
      return 2;
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    const target = positionals[0];
    if (!target || positionals.length > 1) {
      io.stderr.write(`hermes-mc fingerprint: give exactly one host\n\n${USAGE}`);
      return 2;
    }
    let host = target;
    let port = 22;
    try {
      const alias = resolveSshAlias(target, readSshConfig());
      host = alias.hostName;
      port = alias.port ?? 22;
    } catch {
      // no readable ~/.ssh/config: use the name as given
    }
    if (values.port !== undefined) {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        io.stderr.write(`hermes-mc fingerprint: --port must be a number from 1 to 65535\n`);
        return 2;
      }
    }
    try {
      const key = await fetchHostKeyFingerprint(host, port);
      if (values.json) {
        io.stdout.write(JSON.stringify({ host, port, ...key }, null, 2) + '\n');
        return 0;
      }
      io.stdout.write(
        [
          `${host}:${port} presents ${key.keyType} ${key.fingerprint}`,
          '',
          'Verify it on the VM (as root), the output must show the same SHA256:',
          `  ${key.verifyCommand}`,
          'or, weaker, from another machine you trust:',
          `  ${key.keyscanCommand}`,
          '',
          'Then trust it:',
          `  hermes-mc status --accept-host-key ${key.fingerprint}`,
          '',
        ].join('\n'),
      );
      return 0;
    } catch (err) {
      const reason = (err as { reason?: { code: string; message: string } }).reason;
      io.stderr.write(
        `hermes-mc fingerprint: ${reason ? `${reason.code}: ${reason.message}` : (err as Error).message}\n`,
      );
      return 2;
    }
  },
};
