import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { html } from 'hono/html';

interface OpenApiDoc {
  info: { title: string; version: string; description?: string };
}

/**
 * /docs: Swagger UI from the installed `swagger-ui-dist` package over /openapi.json.
 * Its assets are served by the app itself (these machines reach no CDN); only the
 * files the page uses are exposed, read once and kept in memory.
 */
const distDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const here = path.dirname(fileURLToPath(import.meta.url));

const assets: Record<string, { file: string; type: string }> = {
  'swagger-ui.css': { file: path.join(distDir, 'swagger-ui.css'), type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: path.join(distDir, 'swagger-ui-bundle.js'), type: 'text/javascript; charset=utf-8' },
  'docs-contrast.css': { file: path.join(here, 'docs-contrast.css'), type: 'text/css; charset=utf-8' },
  'swagger-initializer.js': { file: path.join(here, 'swagger-initializer.js'), type: 'text/javascript; charset=utf-8' },
  'favicon-32x32.png': { file: path.join(distDir, 'favicon-32x32.png'), type: 'image/png' },
  'favicon-16x16.png': { file: path.join(distDir, 'favicon-16x16.png'), type: 'image/png' },
};
const loaded = new Map<string, Uint8Array<ArrayBuffer>>();
const load = (name: string) => {
  let body = loaded.get(name);
  if (!body) loaded.set(name, (body = new Uint8Array(readFileSync(assets[name].file))));
  return body;
};

export function docsRoutes(getDocument: () => OpenApiDoc) {
  const app = new Hono();
  app.get('/docs', (c) => {
    const { info } = getDocument();
    return c.html(html`<!doctype html>
<html lang="ru">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${info.title} — API</title>
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
    <link rel="stylesheet" href="/docs/assets/docs-contrast.css">
    <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="/docs/assets/favicon-16x16.png" sizes="16x16">
  </head>
  <body>
    <noscript>Интерактивное описание требует JavaScript; машиночитаемое: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</noscript>
    <div id="swagger-ui"></div>
    <script src="/docs/assets/swagger-ui-bundle.js" charset="utf-8"></script>
    <script src="/docs/assets/swagger-initializer.js" charset="utf-8"></script>
  </body>
</html>`);
  });
  app.get('/docs/assets/:name', (c) => {
    const name = c.req.param('name');
    if (!Object.hasOwn(assets, name)) return c.notFound();
    return c.body(load(name), 200, { 'content-type': assets[name].type, 'cache-control': 'public, max-age=86400' });
  });
  return app;
}
