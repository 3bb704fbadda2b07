/**
 * A small HTTP client for the API over loopback, with keep-alive
 * connections (node:http Agent): the same client drives the set-up calls and
 * the load generator.
 */
import http from 'node:http';

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  /** Request start to last byte of the answer. */
  ms: number;
  /** performance.now() when the answer was complete. */
  at: number;
}

export class ApiClient {
  readonly agent: http.Agent;
  private readonly url: URL;

  constructor(baseUrl: string, connections = 32) {
    this.url = new URL(baseUrl);
    if (this.url.hostname !== '127.0.0.1') throw new Error(`the benchmarks talk only to 127.0.0.1, not ${this.url.hostname}`);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  request<T = any>(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; timeoutMs?: number; headers?: Record<string, string> } = {},
  ): Promise<ApiAnswer<T>> {
    const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
    // The web pages (a browser's cookie and Accept) pass their own headers.
    const headers: Record<string, string | number> = { accept: 'application/json', ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: this.url.hostname, port: this.url.port, path, method, headers, agent: this.agent, timeout: opts.timeoutMs ?? 60_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const at = performance.now();
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = JSON.parse(text);
            } catch {
              /* not JSON */
            }
            resolve({ status: res.statusCode ?? 0, body: body as T, ms: at - started, at });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in ${opts.timeoutMs ?? 60_000} ms`)));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** Drops idle keep-alive sockets: the server closes them after 5 s idle, and reusing one then fails the request. */
  dropIdleConnections(): void {
    for (const list of Object.values(this.agent.freeSockets)) for (const socket of list ?? []) socket.destroy();
  }

  close(): void {
    this.agent.destroy();
  }
}

export async function login(api: ApiClient, who: string): Promise<string> {
  const res = await api.request('POST', '/api/auth/login', { body: { login: who, password: 'demo' } });
  if (res.status !== 200) throw new Error(`login ${who}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}
