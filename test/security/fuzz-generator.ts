/**
 * Seeded generation of hostile requests from the OpenAPI document: the same
 * seed gives the same requests, so a failure found once is found again.
 */
export type Rng = () => number;

/** mulberry32: small, fast, good enough to spread cases; determinism is what matters here. */
export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

/** Texts no field may take (or that stress length and encoding). */
export const hostileStrings = [
  'a\u0000b', '\u0000', 'x\u0001y', 'bell\u0007', 'esc\u001b[31m', 'del\u007f', 'c1\u0085', 'cr\ronly', 'tab\tin line',
  '\ud800', 'lone\udc00low', '𝒳 surrogate pair ok', 'x'.repeat(100_000), '', ' ', '\u2028\u2029', '<script>alert(1)</script>',
  "'; drop table events; --", '../../etc/passwd', '%00', '${7*7}', '=HYPERLINK("http://x")', 'дорожная карта',
];
export const hostileNumbers = [3_000_000_000, -3_000_000_000, 2 ** 53 + 1, -1, 0, 1.5, 1e308, -1e308, 101, 1e-320];
export const hostileDates = ['0000-01-01', '0001-01-01', '9999-12-31', '2026-02-30', '2026-13-01', '20260101', '2026-01-01T25:61:00Z', '+275760-09-13', '1969-12-31'];

/** Path segments: NUL, control characters, a lone surrogate in UTF-8, broken escapes, huge. */
export const hostilePathSegments = ['%00', 'a%00b', '%01', '%1F', '%7F', '%ED%A0%80', '%E0%A4%A', '%', '%25', '..', '%2E%2E%2F', 'x'.repeat(5000), '%20', '0', '-1', '3000000000', '%D0%B4%D0%BA'];
export const hostileQueryValues = [...hostilePathSegments, ...hostileDates, '3000000000', '-3000000000', '1e309', 'NaN', 'Infinity', 'true', '[]', '{}'];

export type JsonSchema = Record<string, any>;

export function resolver(doc: { components?: { schemas?: Record<string, JsonSchema> } }) {
  return function resolve(s: JsonSchema | undefined): JsonSchema {
    let cur = s ?? {};
    for (let i = 0; i < 20 && cur.$ref; i++) cur = doc.components?.schemas?.[String(cur.$ref).split('/').pop()!] ?? {};
    return cur;
  };
}

/** A value shaped like the schema (valid-ish), to be broken in one place by a mutation. */
export function sample(schema: JsonSchema, resolve: (s: JsonSchema) => JsonSchema, rng: Rng, depth = 0): unknown {
  const s = resolve(schema);
  if (depth > 6) return null;
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return sample(pick(rng, variants), resolve, rng, depth + 1);
  if (s.allOf) return Object.assign({}, ...s.allOf.map((x: JsonSchema) => sample(x, resolve, rng, depth + 1)));
  if (s.const !== undefined) return s.const;
  if (s.enum) return pick(rng, s.enum);
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries<JsonSchema>(s.properties ?? {})) {
        if ((s.required ?? []).includes(k) || rng() < 0.5) out[k] = sample(v, resolve, rng, depth + 1);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: 1 + Math.floor(rng() * 2) }, () => sample(s.items ?? {}, resolve, rng, depth + 1));
    case 'string':
      return s.format === 'date' || /\\d\{4\}/.test(s.pattern ?? '') ? '2026-06-01' : 'текст';
    case 'integer':
      return 1;
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    default:
      return 'x';
  }
}

/** Every place in a value: [path, current value]. */
function slots(value: unknown, path: (string | number)[] = [], out: [(string | number)[], unknown][] = []) {
  out.push([path, value]);
  if (Array.isArray(value)) value.forEach((v, i) => slots(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) slots(v, [...path, k], out);
  return out;
}

function setAt(root: unknown, path: (string | number)[], v: unknown): unknown {
  if (path.length === 0) return v;
  const copy = structuredClone(root) as any;
  let cur = copy;
  for (const p of path.slice(0, -1)) cur = cur[p];
  cur[path[path.length - 1]] = v;
  return copy;
}

export interface BodyCase {
  name: string;
  contentType: string;
  body: string;
  /** True when no valid request can come of it, whoever sends it: safe with real ids and a real session. */
  alwaysInvalid: boolean;
}

const json = (name: string, v: unknown, alwaysInvalid: boolean): BodyCase => ({ name, contentType: 'application/json', body: JSON.stringify(v), alwaysInvalid });

export function bodyCase(schema: JsonSchema | undefined, resolve: (s: JsonSchema) => JsonSchema, rng: Rng): BodyCase {
  const base = schema ? sample(schema, resolve, rng) : {};
  const all = slots(base);
  const strings = all.filter(([, v]) => typeof v === 'string');
  const anywhere = pick(rng, all);
  const arrays = all.filter(([, v]) => Array.isArray(v));
  const kinds = [
    () => (strings.length ? json('nul-in-string', setAt(base, pick(rng, strings)[0], pick(rng, ['a\u0000b', '\u0000', 'x\u0001y', 'esc\u001b'])), true) : json('top-level-array', [base], true)),
    () => json('hostile-string', setAt(base, anywhere[0], pick(rng, hostileStrings)), false),
    () => json('hostile-number', setAt(base, anywhere[0], pick(rng, hostileNumbers)), false),
    () => json('hostile-date', setAt(base, anywhere[0], pick(rng, hostileDates)), false),
    () => json('wrong-type', setAt(base, anywhere[0], pick(rng, [[], {}, 42, true, null, 'строка'])), false),
    () => json('unknown-field', { ...(base as object), ['неизвестное' + Math.floor(rng() * 10)]: 1 }, false),
    () => json('top-level-wrong-type', pick(rng, [[], 42, 'строка', null, true]), true),
    // Where the schema has an array, 10,000 bad elements in it: the error body must stay small (details capped).
    () => json('10000-invalid-elements', setAt(base, arrays.length ? pick(rng, arrays)[0] : [], Array.from({ length: 10_000 }, () => ({ bad: '\u0000' }))), true),
    () => ({ name: 'malformed-json', contentType: 'application/json', body: pick(rng, ['{', '{"a":', '{"a":1,}', "{'a':1}", '\u0000', '[1,2', '{"a":"\\ud800"', 'null null']), alwaysInvalid: true }),
    () => ({ name: 'deep-nesting', contentType: 'application/json', body: '['.repeat(20_000) + ']'.repeat(20_000), alwaysInvalid: true }),
    () => ({ name: 'over-2mib', contentType: 'application/json', body: JSON.stringify({ title: 'x'.repeat(2_200_000) }), alwaysInvalid: true }),
    () => ({ name: 'multipart-garbage', contentType: 'multipart/form-data; boundary=zzz', body: '--zzz\r\nContent-Disposition: form-data; name="a"\r\n\r\n\u0000 truncated', alwaysInvalid: false }),
    () => ({ name: 'form-urlencoded', contentType: 'application/x-www-form-urlencoded', body: 'a=%00&b=%ZZ', alwaysInvalid: false }),
    () => ({ name: 'text-plain', contentType: 'text/plain', body: 'hello\u0000', alwaysInvalid: false }),
  ];
  return pick(rng, kinds)();
}

/** Form bodies for the web pages: never the session's CSRF token, so none of them can change anything. */
export function formCase(rng: Rng): BodyCase {
  const field = () => pick(rng, ['login', 'password', 'text', 'comment', 'reason', 'newDeadline', 'granted', '_csrf', '_command', 'lines.0.done', 'next']);
  // A lone surrogate cannot be percent-encoded as UTF-8: it goes as the bytes of its CESU form instead.
  const encode = (s: string) => {
    try {
      return encodeURIComponent(s);
    } catch {
      return '%ED%A0%80';
    }
  };
  const value = () => encode(pick(rng, [...hostileStrings, ...hostileDates, 'forged-csrf']).slice(0, 20_000));
  const kinds: (() => BodyCase)[] = [
    () => ({ name: 'urlencoded', contentType: 'application/x-www-form-urlencoded', body: Array.from({ length: 1 + Math.floor(rng() * 4) }, () => `${field()}=${value()}`).join('&'), alwaysInvalid: true }),
    () => ({ name: 'urlencoded-broken', contentType: 'application/x-www-form-urlencoded', body: pick(rng, ['login=a%00b', '%ZZ=%', 'a=%E0%A4%A', '&&&=', 'login=' + 'x'.repeat(200_000)]), alwaysInvalid: true }),
    () => ({ name: 'multipart-malformed', contentType: pick(rng, ['multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary=abc']), body: pick(rng, ['--abc\r\nbroken', '--other\r\n\r\n', 'garbage', '--abc\r\nContent-Disposition: form-data\r\n\r\nx\r\n--abc--', '']), alwaysInvalid: true }),
    () => ({ name: 'json-to-form', contentType: 'application/json', body: pick(rng, ['{"_csrf":"x"}', '{', '[]']), alwaysInvalid: true }),
    () => ({ name: 'no-content-type', contentType: '', body: 'login=a&password=b', alwaysInvalid: true }),
  ];
  return pick(rng, kinds)();
}
