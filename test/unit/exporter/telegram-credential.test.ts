import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBotToken } from '../../../exporter/src/alerts/telegram-credential.js';
import { exporterConfigSchema } from '../../../exporter/src/config.js';

const TOKEN = '123456789:AAH-unit_test_token_value_0123456789';
let dir: string;

const config = (tokenFile?: string) =>
  exporterConfigSchema.parse({
    instance: { id: 'vijay', label: 'Vijay' },
    hermesHome: join(dir, 'hermes'),
    outDir: join(dir, 'out'),
    alerts: { telegram: { chatId: -100123, ...(tokenFile ? { tokenFile } : {}) } },
  });

async function tokenFile(name: string, text: string, mode = 0o600): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text, { mode });
  await chmod(path, mode);
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hmc-tgcred-'));
  await mkdir(join(dir, 'hermes'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the bot token for path 2', () => {
  it('comes from the systemd credential first, then a 0600 file', async () => {
    const creds = join(dir, 'creds');
    await mkdir(creds);
    await writeFile(join(creds, 'telegram-bot-token'), `${TOKEN}\n`);
    const file = await tokenFile('t1', '999:not-the-one');
    expect(await resolveBotToken(config(file), { CREDENTIALS_DIRECTORY: creds })).toEqual({
      ok: true,
      token: TOKEN,
      source: 'credential',
    });
    const good = await tokenFile('t2', `${TOKEN}\n`);
    expect(await resolveBotToken(config(good), {})).toEqual({ ok: true, token: TOKEN, source: 'file' });
  });

  it('refuses a file others can read, a symlink, one inside HERMES_HOME, or one holding no token — naming the file, never its content', async () => {
    const cases: [string, RegExp][] = [
      [await tokenFile('loose', TOKEN, 0o640), /readable by others \(mode 640\): chmod 600 it/],
      [await tokenFile('junk', 'hello world'), /does not hold a Telegram bot token/],
      [join(dir, 'hermes/.env'), /inside HERMES_HOME/],
      ['relative/token', /absolute path/],
      [join(dir, 'missing'), /cannot read token file .*: ENOENT/],
    ];
    const link = join(dir, 'link');
    await symlink(await tokenFile('target', TOKEN), link);
    cases.push([link, /is not a regular file/]);
    for (const [file, reason] of cases) {
      const r = await resolveBotToken(config(file), {});
      expect(r.ok, file).toBe(false);
      if (!r.ok) {
        expect(r.reason).toMatch(reason);
        expect(r.reason).not.toContain(TOKEN.split(':')[1]);
      }
    }
    expect(await resolveBotToken(config(), {})).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^no bot token/),
    });
  });
});
