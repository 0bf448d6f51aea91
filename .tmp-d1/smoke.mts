import { startSshd } from '/work/main/test/helpers/sshd.ts';
import { startTcpProxy } from '/work/main/test/helpers/tcp-proxy.ts';
import { Client } from 'ssh2';
import { readFileSync } from 'node:fs';
const s = await startSshd({ files: { 'vijay/snapshot.json': '{"a":1}' } });
console.log(s.port, s.hostKeyFingerprint, s.knownHostsLine);
const proxy = await startTcpProxy({ targetPort: s.port, upDelayMs: 5, downDelayMs: 5 });
async function read(user: string, path: string, key: string, passphrase?: string, port = s.port) {
  return new Promise<string>((res, rej) => {
    const c = new Client();
    c.on('ready', () => c.sftp((e, sftp) => { if (e) return rej(e); sftp.readFile(path, (e2, b) => { c.end(); e2 ? rej(e2) : res(b.toString()); }); }));
    c.on('error', rej);
    c.connect({ host: '127.0.0.1', port, username: user, privateKey: readFileSync(key), passphrase });
  });
}
console.log('root', await read('root', `${s.chrootDir}/vijay/snapshot.json`, s.clientKeyPath));
try { console.log('reader', await read('hmc-reader', `/vijay/snapshot.json`, s.encryptedClientKeyPath, s.passphrase)); } catch (e) { console.log(s.logs()); await s.stop(); throw e; }
console.log('proxy', await read('hmc-reader', `/vijay/snapshot.json`, s.clientKeyPath, undefined, proxy.port), proxy.stats());
await s.kill(); await s.restart();
console.log('after restart', await read('root', `${s.chrootDir}/vijay/snapshot.json`, s.clientKeyPath));
console.log('rot', await s.rotateHostKey());
await proxy.close();
await s.stop();
console.log(s.logs().split('\n').slice(-5).join('\n'));
