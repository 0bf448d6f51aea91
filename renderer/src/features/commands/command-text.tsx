/**
 * A shell command as text a person can read and trust: it wraps only at spaces, never inside a token
 * (Chromium otherwise breaks after a hyphen: `--no-` / `pager`, `uma-` / `hermes-gateway`, which reads as
 * two arguments). Each space-separated token is one unbreakable span; a token wider than the box scrolls
 * it sideways instead of being split. The text copied is the command itself, never this rendering.
 */
import { Fragment } from 'react';

export function CommandText({ command, className }: { command: string; className?: string }) {
  const parts = command.split(/( +|\n)/);
  return (
    <code className={className ? `command-text ${className}` : 'command-text'}>
      {parts.map((p, i) =>
        p === '' ? null : /^( +|\n)$/.test(p) ? (
          <Fragment key={i}>{p}</Fragment>
        ) : (
          <span key={i} className="cmd-token">
            {p}
          </span>
        ),
      )}
    </code>
  );
}
