/**
 * The one Bot API call path 2 makes: `sendMessage` over HTTPS with certificate verification on (the
 * system's CAs, plus an optional extra CA for a private proxy). The token is part of the URL, so nothing
 * from the request (URL, Node's error text) is ever passed on: results carry our own short messages, with
 * the token and chat id scrubbed from anything Telegram itself says.
 */
import { request } from 'node:https';
import { rootCertificates } from 'node:tls';
import { inertText } from '../../../common/text/inert-text.js';

/** Telegram's limit for one message. */
const MAX_TEXT = 4096;

export interface SendMessageRequest {
  baseUrl: string;
  token: string;
  chatId: string;
  text: string;
  /** Extra trusted CA certificates (PEM), added to the system's. */
  extraCa?: string[];
  timeoutMs: number;
  signal?: AbortSignal;
}

export type SendResult =
  | { ok: true }
  | { ok: false; kind: 'rate-limited'; retryAfterSeconds: number; message: string }
  | { ok: false; kind: 'rejected' | 'server' | 'timeout' | 'network' | 'tls'; message: string };

function scrub(text: string, req: SendMessageRequest): string {
  return inertText(text.split(req.token).join('<token>').split(req.chatId).join('<chat>')).slice(0, 200);
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|HOSTNAME|ALTNAME/;

export function sendTelegramMessage(req: SendMessageRequest): Promise<SendResult> {
  const body = JSON.stringify({
    chat_id: req.chatId,
    text: req.text.length > MAX_TEXT ? `${req.text.slice(0, MAX_TEXT - 2)}…\n` : req.text,
    disable_web_page_preview: true,
  });
  const url = new URL(`${req.baseUrl.replace(/\/+$/, '')}/bot${req.token}/sendMessage`);
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: SendResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const r = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      ca: req.extraCa ? [...rootCertificates, ...req.extraCa] : undefined,
      rejectUnauthorized: true,
      // No connection reuse: one short call per run.
      agent: false,
    });
    // One deadline for connect + answer: a black-holed endpoint must not hold the run.
    const timer = setTimeout(() => {
      r.destroy();
      done({ ok: false, kind: 'timeout', message: `no answer from the Bot API within ${req.timeoutMs} ms` });
    }, req.timeoutMs);
    const onAbort = (): void => {
      r.destroy();
      done({ ok: false, kind: 'timeout', message: 'the run’s budget for Telegram ran out' });
    };
    if (req.signal?.aborted) return onAbort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    r.on('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'error';
      const tls = TLS_CODES.test(code);
      done({
        ok: false,
        kind: tls ? 'tls' : 'network',
        message: tls ? `TLS verification failed (${code})` : `cannot reach the Bot API (${code})`,
      });
    });
    r.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        if (text.length < 64 * 1024) text += d;
      });
      res.on('error', () => done({ ok: false, kind: 'network', message: 'the Bot API answer broke off' }));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        let parsed: { ok?: unknown; description?: unknown; parameters?: { retry_after?: unknown } } = {};
        try {
          parsed = JSON.parse(text) as typeof parsed;
        } catch {
          // Not JSON (a proxy's error page): the status says enough.
        }
        const description = typeof parsed.description === 'string' ? scrub(parsed.description, req) : '';
        if (status === 200 && parsed.ok === true) return done({ ok: true });
        if (status === 429) {
          const after = Number(parsed.parameters?.retry_after);
          const retryAfterSeconds = Number.isFinite(after) && after >= 0 ? Math.ceil(after) : 30;
          return done({
            ok: false,
            kind: 'rate-limited',
            retryAfterSeconds,
            message: `rate limited by Telegram: retry after ${retryAfterSeconds} s`,
          });
        }
        done({
          ok: false,
          kind: status >= 500 ? 'server' : 'rejected',
          message: `Bot API answered ${status}${description ? `: ${description}` : ''}`,
        });
      });
    });
    r.end(body);
  });
}
