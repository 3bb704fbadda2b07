import { Hono } from 'hono';
import { html, raw } from 'hono/html';

interface OpenApiDoc {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, { summary?: string; tags?: string[]; requestBody?: unknown; responses?: Record<string, { description?: string }> }>>;
}

/**
 * /docs: the OpenAPI document rendered on the server, readable without any
 * script from the internet (these machines have none), plus a small form to try calls.
 */
export function docsRoutes(getDocument: () => OpenApiDoc) {
  const app = new Hono();
  app.get('/docs', (c) => {
    const doc = getDocument();
    const rows = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
    return c.html(html`<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${doc.info.title} — API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
code,pre{font:13px ui-monospace,monospace;background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}
.op{border:1px solid #ddd;border-radius:6px;margin:.6rem 0;padding:.5rem .8rem}.m{font-weight:700;display:inline-block;min-width:4.5rem}
.get{color:#0b6e4f}.post{color:#1d4ed8}.put{color:#9a3412}textarea,input{width:100%;font:13px ui-monospace,monospace}</style></head>
<body><h1>${doc.info.title}</h1><p>Версия ${doc.info.version}. Машиночитаемое описание: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<p>Вход: <code>POST /api/auth/login {"login":"director","password":"demo"}</code>, затем заголовок <code>Authorization: Bearer &lt;token&gt;</code>.
Повтор команды с тем же заголовком <code>Idempotency-Key</code> возвращает тот же ответ и ничего не делает дважды.</p>
${rows.map(
  (r) => html`<div class="op"><span class="m ${r.method.toLowerCase()}">${r.method}</span><code>${r.path}</code> — ${r.op.summary ?? ''}
  <div>Ответы: ${Object.entries(r.op.responses ?? {}).map(([code, resp]) => html`<code>${code}</code> ${resp.description ?? ''}; `)}</div></div>`,
)}
<h2>Попробовать</h2>
<form id="try"><label>Метод и путь <input name="line" value="GET /api/roadmaps"></label>
<label>Токен <input name="token"></label><label>Тело (JSON) <textarea name="body" rows="6"></textarea></label>
<button>Отправить</button></form><pre id="out"></pre>
<script>${raw(`document.getElementById('try').addEventListener('submit', async (e) => {
  e.preventDefault(); const f = new FormData(e.target); const [method, path] = String(f.get('line')).trim().split(/\\s+/);
  const headers = { 'content-type': 'application/json' }; if (f.get('token')) headers.authorization = 'Bearer ' + f.get('token');
  const res = await fetch(path, { method, headers, body: method === 'GET' ? undefined : String(f.get('body') || '') || undefined });
  document.getElementById('out').textContent = res.status + '\\n' + JSON.stringify(await res.json().catch(() => null), null, 2);
});`)}</script></body></html>`);
  });
  return app;
}
