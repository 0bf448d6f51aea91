/**
 * Runs a copied runbook command EXACTLY as a person would paste it into a root shell on the VM
 * (`bash -c '<command>'`, cwd /root), with real sudo, git, find, ss, df, free and python3, and stand-ins
 * only for what this machine lacks: a running systemd (`systemctl`, `journalctl`), Hermes (`hermes`) and
 * a docker daemon (`docker`). The stand-ins enforce what the real tools need — `--user` only as a
 * non-root user whose XDG_RUNTIME_DIR is /run/user/<uid>, units that exist under that manager, `hermes`
 * only as the owner of HERMES_HOME — and record who ran them with which arguments.
 *
 * sudo resets PATH to its secure_path (/usr/local/sbin first), so the stand-ins are bind-mounted over
 * /usr/local/sbin inside a private mount namespace (`unshare --mount`): nothing outside this one command
 * sees them.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StandIns {
  dir: string;
  /** Run one command line as root, like a paste into a root shell. */
  run(command: string): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Invocations recorded since the last call: tool, user, uid, XDG_RUNTIME_DIR, HERMES_HOME, argv. */
  calls(): Promise<StandInCall[]>;
  cleanup(): Promise<void>;
}

export interface StandInCall {
  tool: string;
  user: string;
  uid: number;
  xdgRuntimeDir: string;
  hermesHome: string;
  args: string[];
}

export interface StandInUnits {
  /** Units the system manager has. */
  system: string[];
  /** Units each user's manager has, by user name. */
  user: Record<string, string[]>;
}

const record = (log: string) => `
{ printf '%s\\036' "$(basename "$0")" "$(id -un)" "$(id -u)" "\${XDG_RUNTIME_DIR:-}" "\${HERMES_HOME:-}"; printf '%s\\037' "$@"; printf '\\n'; } >> ${log}
`;

function systemdTool(log: string, units: StandInUnits, tool: 'systemctl' | 'journalctl'): string {
  const userCases = Object.entries(units.user)
    .map(([user, list]) => `  ${user}) known="${list.join(' ')}" ;;`)
    .join('\n');
  return `#!/bin/bash
${record(log)}
scope=system
for a in "$@"; do [ "$a" = --user ] && scope=user; done
if [ $scope = user ]; then
  if [ "$(id -u)" = 0 ] || [ "\${XDG_RUNTIME_DIR:-}" != "/run/user/$(id -u)" ]; then
    echo "Failed to connect to bus: No medium found" >&2; exit 1
  fi
  case "$(id -un)" in
${userCases}
  *) known="" ;;
  esac
else
  known="${units.system.join(' ')}"
fi
# The unit is the argument after status/restart/start (systemctl) or after -u (journalctl).
unit=""; verb=""; prev=""
for a in "$@"; do
  case "$prev" in status|restart|start|-u) unit="$a" ;; esac
  case "$a" in status|restart|start) verb="$a" ;; esac
  prev="$a"
done
found=no
for u in $known; do
  if [ "$u" = "$unit" ] || [ "$u" = "$unit.service" ] || [ "\${u%.service}" = "$unit" ]; then found=yes; fi
done
if [ $found = no ]; then echo "Unit $unit could not be found." >&2; exit 4; fi
if [ ${tool} = systemctl ] && [ "$verb" != status ] && [ $scope = system ] && [ "$(id -u)" != 0 ]; then
  echo "Failed to $verb $unit: Access denied" >&2; exit 1
fi
if [ ${tool} = systemctl ] && [ "$verb" = status ]; then
  echo "● $unit - stand-in unit"; echo "     Active: active (running)"
elif [ ${tool} = journalctl ]; then
  echo "-- journal of $unit (stand-in) --"
fi
exit 0
`;
}

function hermesTool(log: string): string {
  return `#!/bin/bash
${record(log)}
if [ -z "\${HERMES_HOME:-}" ] || [ ! -r "$HERMES_HOME/config.yaml" ]; then
  echo "hermes: cannot read HERMES_HOME (\${HERMES_HOME:-unset})" >&2; exit 1
fi
if [ "$(stat -c %U "$HERMES_HOME")" != "$(id -un)" ]; then
  echo "hermes: HERMES_HOME belongs to $(stat -c %U "$HERMES_HOME"), not $(id -un)" >&2; exit 1
fi
echo "hermes $* (stand-in): ok"
`;
}

function dockerTool(log: string): string {
  return `#!/bin/bash
${record(log)}
echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2
exit 1
`;
}

export async function createStandIns(units: StandInUnits): Promise<StandIns> {
  const dir = await mkdtemp(join(tmpdir(), 'hmc-stand-ins-'));
  await chmod(dir, 0o755);
  const log = join(dir, 'calls.log');
  await writeFile(log, '');
  await chmod(log, 0o666);
  const tools: Record<string, string> = {
    systemctl: systemdTool(log, units, 'systemctl'),
    journalctl: systemdTool(log, units, 'journalctl'),
    hermes: hermesTool(log),
    docker: dockerTool(log),
  };
  for (const [name, text] of Object.entries(tools)) {
    await writeFile(join(dir, name), text);
    await chmod(join(dir, name), 0o755);
  }
  let seen = 0;
  return {
    dir,
    run: (command) =>
      new Promise((resolve) => {
        execFile(
          'unshare',
          [
            '--mount',
            '--propagation',
            'private',
            'sh',
            '-c',
            'mount --bind "$1" /usr/local/sbin && exec bash -c "$2"',
            'stand-ins',
            dir,
            command,
          ],
          {
            cwd: '/root',
            env: {
              PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
              HOME: '/root',
              LANG: 'C.UTF-8',
            },
            timeout: 30_000,
          },
          (err, stdout, stderr) => {
            const code = err ? (err as { code?: number }).code : 0;
            resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr });
          },
        );
      }),
    async calls() {
      const lines = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
      const fresh = lines.slice(seen);
      seen = lines.length;
      return fresh.map((l) => {
        const [tool, user, uid, xdg, home, rest] = l.split('\u001e');
        return {
          tool: tool!,
          user: user!,
          uid: Number(uid),
          xdgRuntimeDir: xdg!,
          hermesHome: home!,
          args: (rest ?? '').split('\u001f').slice(0, -1),
        };
      });
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
