import { request } from 'node:http';

export interface StreamedAnswer {
  /** null: the connection closed without an answer. */
  status: number | null;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  /** Bytes written before the answer came (or the connection closed). */
  sent: number;
}

/**
 * Sends a body of `total` bytes (after `prefix`), 256 KiB at a time with backpressure, and stops
 * writing as soon as the answer arrives: a server that refuses the body early answers long before
 * it could have read it. `chunked: true` sends no Content-Length (Transfer-Encoding: chunked);
 * otherwise the full length is declared up front.
 */
export function streamBody(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; prefix?: Buffer | string; total: number; chunked: boolean; timeoutMs?: number },
): Promise<StreamedAnswer> {
  const prefix = Buffer.from(opts.prefix ?? '');
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.chunked) headers['transfer-encoding'] = 'chunked';
  else headers['content-length'] = String(prefix.length + opts.total);
  return new Promise((resolve) => {
    let sent = 0;
    let settled = false;
    let answered = false;
    const finish = (a: Omit<StreamedAnswer, 'sent'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...a, sent });
    };
    const req = request(url, { method: opts.method ?? 'POST', headers });
    const timer = setTimeout(() => {
      req.destroy();
      finish({ status: null, body: 'timeout', headers: {} });
    }, opts.timeoutMs ?? 60_000);
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        if (body.length < 100_000) body += d;
      });
      res.on('end', () => {
        finish({ status: res.statusCode ?? null, body, headers: res.headers });
        req.destroy();
      });
      res.on('error', () => finish({ status: res.statusCode ?? null, body, headers: res.headers }));
    });
    req.on('error', () => {
      if (!answered) finish({ status: null, body: 'connection closed', headers: {} });
    });
    const block = Buffer.alloc(256 * 1024, 0x41);
    let left = opts.total;
    const pump = () => {
      while (!answered && !req.destroyed) {
        if (left <= 0) {
          req.end();
          return;
        }
        const piece = left >= block.length ? block : block.subarray(0, left);
        left -= piece.length;
        sent += piece.length;
        if (!req.write(piece)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    req.write(prefix);
    sent += prefix.length;
    pump();
  });
}

/** Peak resident set size of a process (Linux: VmHWM of /proc/<pid>/status), in bytes. */
export async function peakRss(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  if (!kb) throw new Error(`no VmHWM for process ${pid}`);
  return Number(kb) * 1024;
}
