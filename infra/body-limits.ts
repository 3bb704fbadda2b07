import type { Context, MiddlewareHandler } from 'hono';

/** A request body that grew past its route's limit while something read it (a chunked body has no Content-Length to check). */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`тело запроса больше ${limit} байт`);
    this.name = 'BodyTooLargeError';
  }
}

/** True when the error, or one it wraps, is a body over its limit. */
export function isBodyTooLarge(err: unknown): boolean {
  for (let e: unknown = err, n = 0; e && n < 8; e = (e as { cause?: unknown }).cause, n++) if (e instanceof BodyTooLargeError) return true;
  return false;
}

export type BodyRefusal = (c: Context, status: 413 | 503, message: string) => Response | Promise<Response>;

/** What a route may receive: the body's ceiling, how its refusals look (JSON for /api, a page for forms), and whether it is an upload. */
export interface BodyRule {
  maxBytes: number;
  refuse: BodyRefusal;
  /** Uploads are parsed in memory: at most UPLOADS_IN_FLIGHT of them per process read their bodies at once. */
  upload?: boolean;
}

export const DEFAULT_UPLOADS_IN_FLIGHT = 2;
/** How long an upload waits for a slot before its 503 (it has sent nothing but headers yet: the body waits in the socket). */
const SLOT_WAIT_MS = 10_000;

export function uploadsInFlightFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.UPLOADS_IN_FLIGHT?.trim();
  return v && /^[0-9]+$/.test(v) && Number(v) > 0 ? Number(v) : DEFAULT_UPLOADS_IN_FLIGHT;
}

/** A counting semaphore: the bodies of at most `size` uploads are in memory at once. */
function slots(size: number) {
  let free = size;
  const waiting: (() => void)[] = [];
  return {
    async acquire(timeoutMs: number): Promise<boolean> {
      if (free > 0) {
        free--;
        return true;
      }
      return new Promise<boolean>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(wake), 1);
          resolve(false);
        }, timeoutMs);
        waiting.push(wake);
      });
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

/**
 * The app's outermost reader of bodies: every request's body limit is applied here, before
 * anything (the Idempotency-Key's hash, the CSRF check, a validator, a multipart parser)
 * reads a byte. A declared Content-Length over the limit is refused without reading; a body
 * without one (chunked) is counted as it streams, and reading it fails at the first byte over
 * the limit — the answer is then the route's 413 whatever the reader made of the failure.
 * Nothing here buffers: what reads the body later holds at most the limit.
 */
export function bodyLimits(ruleOf: (c: Context) => BodyRule, uploadsInFlight: number): MiddlewareHandler {
  const uploads = slots(uploadsInFlight);
  return async (c, next) => {
    const raw = c.req.raw;
    if (raw.method === 'GET' || raw.method === 'HEAD') return next();
    const rule = ruleOf(c);
    const declared = raw.headers.get('content-length');
    const chunked = raw.headers.has('transfer-encoding');
    // Node's parser holds a Content-Length body to exactly that many bytes, so the header is the size.
    if (declared !== null && !chunked && Number(declared) > rule.maxBytes) return rule.refuse(c, 413, `тело запроса больше ${rule.maxBytes} байт`);
    let over = false;
    if (raw.body && (declared === null || chunked)) {
      let size = 0;
      const counted = raw.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            size += chunk.byteLength;
            if (size > rule.maxBytes) {
              over = true;
              controller.error(new BodyTooLargeError(rule.maxBytes));
              return;
            }
            controller.enqueue(chunk);
          },
        }),
      );
      c.req.raw = new Request(raw.url, { method: raw.method, headers: raw.headers, body: counted, signal: raw.signal, duplex: 'half' } as RequestInit);
    }
    if (rule.upload) {
      if (!(await uploads.acquire(SLOT_WAIT_MS))) {
        c.header('Retry-After', '5');
        return rule.refuse(c, 503, 'сейчас загружается слишком много файлов; повторите через несколько секунд');
      }
    }
    try {
      await next();
    } finally {
      if (rule.upload) uploads.release();
    }
    if (over) {
      // Whatever the reader answered (a parse error, a 400), the body was too large.
      c.res = undefined;
      c.res = await rule.refuse(c, 413, `тело запроса больше ${rule.maxBytes} байт`);
    }
  };
}
