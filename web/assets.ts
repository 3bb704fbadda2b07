import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';

/**
 * /assets/*: the pages' scripts and the favicon, served as files because the Content-Security-Policy
 * allows no inline script. Only the files named here are exposed, read once and kept in memory.
 */
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');
const types: Record<string, string> = {
  'report-effectiveness.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};
const loaded = new Map<string, Uint8Array<ArrayBuffer>>();

function serve(c: Context, name: string) {
  let body = loaded.get(name);
  if (!body) loaded.set(name, (body = new Uint8Array(readFileSync(path.join(dir, name)))));
  // Short-lived: a deploy changes them under the same name.
  return c.body(body, 200, { 'content-type': types[name], 'cache-control': 'public, max-age=3600' });
}

export function assetRoutes() {
  const app = new Hono();
  app.get('/assets/:name', (c) => {
    const name = c.req.param('name');
    if (!Object.hasOwn(types, name)) return c.notFound();
    return serve(c, name);
  });
  // Browsers ask for /favicon.ico whatever the page links (the layout links the SVG): the same icon, not a 404 on every page.
  app.get('/favicon.ico', (c) => serve(c, 'favicon.svg'));
  return app;
}
