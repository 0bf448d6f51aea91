/**
 * `hermes-mc fingerprint <host> [--port N] [--json]`: fetch a server's host key without logging in and
 * print its SHA256 fingerprint with the commands that confirm it out of band — before you trust it.
 * Exit 0 when the key was fetched, 3 (Unknown) when the host did not answer, 64 for bad arguments.
 */
import { readSshConfig, resolveSshAlias } from '../../core/config/ssh-alias.js';
import { fetchHostKeyFingerprint } from '../../core/ssh/fingerprint.js';
import { parseCommandArgs, usageError } from '../cli-args.js';
import type { CliCommand, CliIo } from '../command.js';
import { EXIT, EXIT_STATUS_HELP } from '../exit-codes.js';
import { termOut } from '../format/term-output.js';

const USAGE = `Usage: hermes-mc fingerprint <host> [--port N] [--json]

Prints the SSH host key fingerprint <host> presents (nothing is logged into or read), and how to check
it on the VM before trusting it with \`hermes-mc status --accept-host-key <fingerprint>\`.
<host> may be an alias from ~/.ssh/config.

Options:
  -p, --port N   Port (default: from ~/.ssh/config, else 22)
  --json         Print {"host", "port", "keyType", "fingerprint", "verifyCommand", …}
  -h, --help     Show this help

${EXIT_STATUS_HELP}`;

interface FingerprintValues {
  port?: string;
  json?: boolean;
}

export const fingerprintCommand: CliCommand = {
  name: 'fingerprint',
  summary: "Print a host's SSH key fingerprint and the command to verify it on the VM",
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseCommandArgs<FingerprintValues>(
      'fingerprint',
      args,
      {
        port: { type: 'string', short: 'p' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      USAGE,
      io,
      true,
    );
    if (!parsed.ok) return parsed.code;
    const { values, positionals } = parsed;
    const target = positionals[0];
    if (!target || positionals.length > 1) return usageError('fingerprint', 'give exactly one host', io).code;
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
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        return usageError('fingerprint', '--port must be a number from 1 to 65535', io).code;
    }
    const out = termOut(io.stdout, io.env);
    try {
      const key = await fetchHostKeyFingerprint(host, port);
      if (values.json) {
        out.json({ host, port, ...key });
        return EXIT.ok;
      }
      out.lines(
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
        ].map((text) => [{ text }]),
      );
      return EXIT.ok;
    } catch (err) {
      const reason = (err as { reason?: { code: string; message: string } }).reason;
      termOut(io.stderr, io.env).line(
        `hermes-mc fingerprint: ${reason ? `${reason.code}: ${reason.message}` : (err as Error).message}`,
      );
      return EXIT.unknown;
    }
  },
};
