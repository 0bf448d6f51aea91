import ssh2 from 'ssh2';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
rmSync('/tmp/d1/k', {force:true}); rmSync('/tmp/d1/k.pub', {force:true});
execFileSync('ssh-keygen', ['-q','-t','ed25519','-N','sekrit','-f','/tmp/d1/k']);
const b = readFileSync('/tmp/d1/k');
for (const p of [undefined, 'wrong', 'sekrit']) { const r = ssh2.utils.parseKey(b, p); console.log(p, r instanceof Error ? 'ERR '+r.message : (Array.isArray(r)? 'arr':'') + (Array.isArray(r)?r[0]:r).type); }
console.log(Object.keys(ssh2));
