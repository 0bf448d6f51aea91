/**
 * Redaction for the few free-text fields the snapshot carries (cron errors, gateway exit reasons and
 * platform error messages). Hermes's own RedactingFormatter is not applied to these files, and error
 * text routinely quotes request URLs (`…/bot<token>/getUpdates`), headers and chat ids. The rules err on
 * the side of removing too much: a redacted word costs nothing, a leaked token costs a rotation.
 */

const MASK = '[redacted]';

/** Ordered: the specific shapes first, the generic "long opaque string" catch-all last. */
const RULES: { pattern: RegExp; replace: string | ((match: string, ...groups: string[]) => string) }[] = [
  // URLs: keep scheme + host, drop path/query (paths carry bot tokens, queries carry keys).
  {
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)(?:[^\s/@]+@)?([^\s/?#:]+)(?::\d+)?[^\s"'<>)]*/gi,
    replace: '$1$2/…',
  },
  // Telegram bot tokens (also when glued to "bot": bot123456:AA…).
  { pattern: /(?:bot)?\d{5,}:[A-Za-z0-9_-]{10,}/g, replace: MASK },
  // Authorization headers.
  { pattern: /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, replace: `$1 ${MASK}` },
  // "token <value>" only when the value looks like one (has a digit, 12+ chars): not "token rejected".
  { pattern: /\b(token)\s+(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{12,}/gi, replace: `$1 ${MASK}` },
  // key=value / key: value for secret-looking keys.
  {
    pattern:
      /\b([A-Za-z_]*(?:api[_-]?key|token|secret|password|passwd|pwd|authorization|cookie|credential|chat[_-]?id|user[_-]?id|access[_-]?key|private[_-]?key|dsn)[A-Za-z_]*)(["']?\s*[:=]\s*["']?)[^\s"',;})\]]+/gi,
    replace: `$1$2${MASK}`,
  },
  // Well-known key prefixes.
  {
    pattern:
      /\b(?:sk|pk|rk)-[A-Za-z0-9_-]{3,}|\b(?:ghp|gho|ghu|ghs|ghr|github_pat|glpat|xox[abposr]|hf|nvapi|AKIA|ASIA|AIza|ya29)[A-Za-z0-9_.-]{3,}/g,
    replace: MASK,
  },
  // E-mail addresses.
  { pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, replace: MASK },
  // Chat ids and other long numbers (Telegram supergroups are -100…; users are 6–10 digits).
  { pattern: /(^|[^\w.:-])-?\d{6,}\b/g, replace: (_m, lead: string) => `${lead}${MASK}` },
  // JWTs and UUIDs (session keys, request ids that can identify a user).
  { pattern: /\beyJ[A-Za-z0-9_-]{10,}(?:\.[A-Za-z0-9_-]*){0,2}/g, replace: MASK },
  { pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, replace: MASK },
  // Long opaque strings: a segment (between - / .) of 16+ chars mixing letters and digits, or any 32+
  // segment. Model names like `anthropic/claude-sonnet-4` are made of short words and survive.
  { pattern: /[A-Za-z0-9_+/=.-]{16,}/g, replace: (m: string) => (isOpaque(m) ? MASK : m) },
];

function isOpaque(run: string): boolean {
  return run
    .split(/[-/.]/)
    .some((seg) => seg.length >= 32 || (seg.length >= 16 && /[0-9]/.test(seg) && /[A-Za-z]/.test(seg)));
}

/** Removes token-like strings, chat ids, e-mail addresses and URL paths from free text. */
export function redactText(text: string): string {
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.pattern, rule.replace as (substring: string, ...args: string[]) => string);
  }
  return out;
}

/**
 * Redacts, collapses whitespace to one line and truncates. Non-strings and empty strings give null.
 * `maxChars` bounds what a notification or tooltip may show.
 */
export function redactAndTruncate(value: unknown, maxChars = 200): string | null {
  if (typeof value !== 'string') return null;
  const oneLine = redactText(value).replace(/\s+/g, ' ').trim();
  if (oneLine === '') return null;
  return oneLine.length > maxChars ? `${oneLine.slice(0, maxChars - 1)}…` : oneLine;
}

/**
 * A short identifier-like label from config (model names, provider names, backends). Anything that
 * does not look like an identifier (spaces, very long, token-like) is refused as null rather than
 * exported: these fields are an allowlist, not free text.
 */
export function safeLabel(value: unknown, maxChars = 120): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text.length > maxChars) return null;
  if (!/^[A-Za-z0-9@._:/+-]*$/.test(text)) return null;
  if (redactText(text) !== text) return null;
  return text;
}
