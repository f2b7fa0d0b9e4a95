/**
 * Masks credentials in text that came from an engine (a program's output, an
 * operator's message, a stack trace) before it reaches a user or an audit
 * log. Two layers: the secret values this backend knows, wherever they
 * appear (the only sure way for values printed in any format), and the usual
 * shapes of credentials (`SECRET=...`, `'token': '...'`, access key ids,
 * bearer tokens, `user:password@` in URLs) for values it does not know, such
 * as an engine's own keys.
 *
 * The known secrets are one registry per process: `@internal/plugin-lakehouse-backend` re-exports
 * this module and fills it from its config, and {@link AuditedActions} redacts with it.
 */

const MASK = '***';
/** Shorter values are too likely to occur by chance in ordinary text. */
const MIN_SECRET_LENGTH = 8;

/** Names whose value is a credential: env variables, config keys, dict keys, query parameters. */
const SECRET_NAME =
  /secret|passw(?:or)?d|pwd|token|credential|signature|private[_.-]?key|api[_.-]?key|access[_.-]?key|session[_.-]?key|(?:^|[_.-])key$|authorization|cookie/i;

/**
 * `NAME=value`, `name: value`, `'name': 'value'`, `"name": "value"` (also
 * JSON-escaped): only the name and separator are matched, so a value is
 * scanned in turn (`failed: AWS_SECRET_ACCESS_KEY=...`).
 */
const ASSIGNMENT = /(?<![\w.-])([A-Za-z_][\w.-]*)(\\?["']?[ \t]*[=:][ \t]*)/g;
const OPENING_QUOTE = /\\?["']/y;
const BARE_VALUE = /[^\s,;&}\])"'\\]+/y;
const AWS_ACCESS_KEY_ID =
  /\b(AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}\b/g;
const AUTH_SCHEME = /\b(Bearer|Basic)([ \t]+)[A-Za-z0-9\-._~+/]{8,}=*/gi;
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*):[^\s/?#@]+@/gi;
const JWT = /\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/g;

const registered = new Set<string>();

/**
 * Makes `value` one of the known secrets (a configured key or token), masked
 * wherever it appears in {@link redactSecrets}' input. Process-wide, as the
 * config it comes from.
 * @public
 */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= MIN_SECRET_LENGTH) registered.add(value);
}

/** Known secrets: registered ones and this process's secret-named env variables (read each time: they may rotate). */
function knownSecrets(): string[] {
  const values = new Set(registered);
  for (const [name, value] of Object.entries(process.env)) {
    if (value && value.length >= MIN_SECRET_LENGTH && SECRET_NAME.test(name))
      values.add(value);
  }
  // Longest first: a secret containing another is masked whole.
  return [...values].sort((a, b) => b.length - a.length);
}

/**
 * `text` with every credential it holds masked as `***`.
 * @public
 */
export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of knownSecrets()) out = out.split(secret).join(MASK);
  return maskAssignments(out.replace(AUTH_SCHEME, `$1$2${MASK}`))
    .replace(AWS_ACCESS_KEY_ID, `$1${MASK}`)
    .replace(URL_PASSWORD, `$1:${MASK}@`)
    .replace(JWT, MASK);
}

function maskAssignments(text: string): string {
  let out = '';
  let done = 0;
  for (const m of text.matchAll(ASSIGNMENT)) {
    if (m.index < done || !SECRET_NAME.test(m[1])) continue;
    const start = m.index + m[0].length;
    OPENING_QUOTE.lastIndex = start;
    const quote = OPENING_QUOTE.exec(text)?.[0];
    let end = -1;
    if (quote) {
      const close = text.indexOf(quote, start + quote.length);
      const newline = text.indexOf('\n', start);
      if (close >= 0 && (newline < 0 || close < newline)) {
        end = close + quote.length;
      }
    }
    let masked = `${quote}${MASK}${quote}`;
    if (end < 0) {
      BARE_VALUE.lastIndex = start;
      const value = BARE_VALUE.exec(text)?.[0];
      // An auth scheme's token was masked already: `Authorization: Bearer ***`.
      if (!value || value === MASK || /^(Bearer|Basic)$/i.test(value)) continue;
      end = start + value.length;
      masked = MASK;
    }
    out += text.slice(done, start) + masked;
    done = end;
  }
  return out + text.slice(done);
}

/**
 * Every string inside `value` (a job detail, an error) redacted; the shape is kept.
 * @public
 */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  const proto =
    typeof value === 'object' && value !== null
      ? Object.getPrototypeOf(value)
      : undefined;
  if (proto === Object.prototype || proto === null) {
    return Object.fromEntries(
      Object.entries(value as object).map(([k, v]) => [k, redactDeep(v)]),
    ) as T;
  }
  return value;
}
