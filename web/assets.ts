import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

/**
 * /assets/*: the pages' scripts, served as files because the Content-Security-Policy
 * allows no inline script. Only the files named here are exposed, read once and kept in memory.
 */
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');
const scripts = new Set(['report-effectiveness.js']);
const loaded = new Map<string, Uint8Array<ArrayBuffer>>();

export function assetRoutes() {
  const app = new Hono();
  app.get('/assets/:name', (c) => {
    const name = c.req.param('name');
    if (!scripts.has(name)) return c.notFound();
    let body = loaded.get(name);
    if (!body) loaded.set(name, (body = new Uint8Array(readFileSync(path.join(dir, name)))));
    // Short-lived: a deploy changes them under the same name.
    return c.body(body, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' });
  });
  return app;
}
