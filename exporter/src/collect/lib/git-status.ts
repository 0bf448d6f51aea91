/**
 * Pure parser for `git status --porcelain=v2 --branch -z`: branch, HEAD oid, upstream, ahead/behind
 * (computed by git from local refs: no fetch) and the number of changed/untracked paths.
 */

export interface GitStatus {
  /** Full HEAD commit id; null for an unborn branch. */
  oid: string | null;
  /** Null when detached. */
  branch: string | null;
  upstream: string | null;
  /** Null when there is no upstream or the upstream ref is gone. */
  ahead: number | null;
  behind: number | null;
  /** Changed (staged, unstaged, unmerged) plus untracked paths. */
  dirtyFiles: number;
}

export function parseGitStatusV2(output: string): GitStatus {
  const status: GitStatus = {
    oid: null,
    branch: null,
    upstream: null,
    ahead: null,
    behind: null,
    dirtyFiles: 0,
  };
  const records = output.split('\0');
  for (let i = 0; i < records.length; i++) {
    const rec = records[i]!;
    if (rec.startsWith('# ')) {
      const [, key, ...rest] = rec.split(' ');
      const value = rest.join(' ');
      if (key === 'branch.oid') status.oid = /^[0-9a-f]{40,64}$/.test(value) ? value : null;
      else if (key === 'branch.head') status.branch = value === '(detached)' ? null : value;
      else if (key === 'branch.upstream') status.upstream = value || null;
      else if (key === 'branch.ab') {
        const m = /^\+(\d+) -(\d+)$/.exec(value);
        if (m) {
          status.ahead = Number(m[1]);
          status.behind = Number(m[2]);
        }
      }
    } else if (rec.startsWith('1 ') || rec.startsWith('u ') || rec.startsWith('? ')) {
      status.dirtyFiles++;
    } else if (rec.startsWith('2 ')) {
      status.dirtyFiles++;
      i++; // a rename/copy record is followed by its original path
    }
  }
  return status;
}
