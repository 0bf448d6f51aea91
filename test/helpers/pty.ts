/**
 * Run a command under a real pseudo-terminal (python3's `pty` module: no native npm dependency), the way
 * an operator's terminal runs it: stdout is a TTY of `columns` × 24, so colour and width logic take their
 * TTY paths. Resolves with every byte the terminal received and the exit code.
 */
import { execFile } from 'node:child_process';

// The child sets its window size on the pty before exec, so the program never sees another size.
const RUNNER = `
import fcntl, os, pty, struct, sys, termios
cols = int(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack('HHHH', 24, cols, 0, 0))
    os.execvp(sys.argv[2], sys.argv[2:])
out = bytearray()
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(bytes(out))
sys.stdout.flush()
sys.exit(os.waitstatus_to_exitcode(status))
`;

export interface PtyResult {
  code: number;
  /** What the terminal received, with the line discipline's CR LF turned back into LF. */
  output: string;
  raw: Buffer;
}

export function runInPty(
  argv: string[],
  options: { columns?: number; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<PtyResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'python3',
      ['-c', RUNNER, String(options.columns ?? 80), ...argv],
      {
        env: options.env,
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
        timeout: options.timeoutMs ?? 30_000,
      },
      (err, stdout) => {
        const code = err ? (err as { code?: unknown }).code : 0;
        if (typeof code !== 'number') return reject(err);
        resolve({ code, raw: stdout, output: stdout.toString('utf8').replace(/\r\n/g, '\n') });
      },
    );
  });
}
