import type { Context, MiddlewareHandler } from 'hono';
import { slots } from './slots.js';

/** A request body that grew past its route's limit while something read it (a chunked body has no Content-Length to check). */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`тело запроса больше ${limit} байт`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * 413 when the error, or one it wraps, is a body over its limit; 503 when it is a body never
 * read for want of an upload slot; null otherwise. (bodyLimits answers the route's own refusal
 * over whatever the handler made of it; this keeps such an error from being logged as a bug.)
 */
export function bodyRefusalStatus(err: unknown): 413 | 503 | null {
  for (let e: unknown = err, n = 0; e && n < 8; e = (e as { cause?: unknown }).cause, n++) {
    if (e instanceof BodyTooLargeError) return 413;
    if (e instanceof UploadsBusyError) return 503;
  }
  return null;
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

/** No upload slot came free in time: the body was not read. */
export class UploadsBusyError extends Error {
  constructor() {
    super('сейчас загружается слишком много файлов; повторите через несколько секунд');
    this.name = 'UploadsBusyError';
  }
}

/**
 * The app's outermost reader of bodies: every request's body limit is applied here, before
 * anything (the Idempotency-Key's hash, the CSRF check, a validator, a multipart parser)
 * reads a byte. A declared Content-Length over the limit is refused without reading; a body
 * without one (chunked) is counted as it streams, and reading it fails at the first byte over
 * the limit — the answer is then the route's 413 whatever the reader made of the failure.
 * Nothing here buffers: what reads the body later holds at most the limit.
 *
 * An upload takes one of `uploadsInFlight` slots when its body is first read — after the
 * session or token was checked, so nobody signed out can hold one — and gives it back with
 * its answer; without a slot within 10 s the answer is a 503 with Retry-After, nothing read.
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
    let busy = false;
    let holding = false;
    let answered = false;
    if (raw.body && (declared === null || chunked || rule.upload)) {
      const source = raw.body.getReader();
      let size = 0;
      const counted = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            if (rule.upload && !holding) {
              const got = await uploads.acquire(SLOT_WAIT_MS);
              if (got && answered) uploads.release();
              if (!got || answered) {
                busy = !answered;
                controller.error(new UploadsBusyError());
                return;
              }
              holding = true;
            }
            const { done, value } = await source.read();
            if (done) {
              controller.close();
              return;
            }
            size += value.byteLength;
            if (size > rule.maxBytes) {
              over = true;
              // The rest is left unread: the server discards it after the answer (bounded) and closes.
              controller.error(new BodyTooLargeError(rule.maxBytes));
              return;
            }
            controller.enqueue(value);
          },
        },
        // Nothing is read before a reader asks: a request answered without its body never takes a slot.
        { highWaterMark: 0 },
      );
      c.req.raw = new Request(raw.url, { method: raw.method, headers: raw.headers, body: counted, signal: raw.signal, duplex: 'half' } as RequestInit);
    }
    try {
      await next();
    } finally {
      answered = true;
      if (holding) uploads.release();
    }
    if (over || busy) {
      // Whatever the reader answered (a parse error, a 400), the body was too large, or never read.
      c.res = undefined;
      const res = await rule.refuse(c, over ? 413 : 503, over ? `тело запроса больше ${rule.maxBytes} байт` : new UploadsBusyError().message);
      if (busy) res.headers.set('Retry-After', '5');
      c.res = res;
    }
  };
}
