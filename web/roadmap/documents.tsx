import { Hono, type Context } from 'hono';
import type { FC } from 'hono/jsx';
import { refusal, RefusedError } from '../../domain/refusal.js';
import type { ServiceDeps } from '../../services/deps.js';
import { contentDisposition } from '../../services/documents/content-disposition.js';
import { printedDocuments, roadMapWorkbooks, type DocumentFile } from '../../services/documents/printed-documents.js';
import type { WebEnv } from '../session/web-session.js';

const versionOf = (raw: string) => {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1 || v > 1_000_000) throw new RefusedError(refusal('validation', 'номер редакции — целое число от 1', [{ field: 'v', message: 'не номер редакции' }]));
  return v;
};
const send = (c: Context, f: DocumentFile) => c.body(new Uint8Array(f.data), 200, { 'content-type': f.type, 'content-disposition': contentDisposition(f.fileName) });

/** Downloads of the printed documents for people in the browser: the same services (and reading rights) as /api. */
export function roadMapDocumentPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  app.get('/roadmaps/:id/versions/:v/roadmap.docx', async (c) =>
    send(c, await printedDocuments.roadMap(deps.sql, c.get('actor'), c.req.param('id'), versionOf(c.req.param('v')))));
  app.get('/roadmaps/:id/versions/:v/appointments.docx', async (c) =>
    send(c, await printedDocuments.appointments(deps.sql, c.get('actor'), c.req.param('id'), versionOf(c.req.param('v')), c.req.query('organisation') || undefined)));
  app.get('/roadmaps/:id/versions/:v/financing.xlsx', async (c) =>
    send(c, await printedDocuments.financing(deps.sql, c.get('actor'), c.req.param('id'), versionOf(c.req.param('v')))));
  app.get('/roadmaps/import-template.xlsx', async (c) => send(c, await roadMapWorkbooks.template()));
  app.get('/roadmaps/:id/versions/:v/roadmap.xlsx', async (c) =>
    send(c, await roadMapWorkbooks.version(deps.sql, c.get('actor'), c.req.param('id'), versionOf(c.req.param('v')))));
  return app;
}

/** The documents to print and sign for the version in force. */
export const DocumentLinks: FC<{ roadMapId: string; version: number; issuers: { id: string; name: string; kind: 'TFOMS' | 'SMO' }[] }> = ({ roadMapId, version, issuers }) => {
  const base = `/roadmaps/${encodeURIComponent(roadMapId)}/versions/${version}`;
  return (
    <section class="card" aria-labelledby="documents-title">
      <h2 id="documents-title">Документы редакции № {version}</h2>
      <ul>
        <li><a href={`${base}/roadmap.docx`}>Дорожная карта с грифом «УТВЕРЖДАЮ» (DOCX)</a></li>
        {issuers.map((o) => (
          <li>
            <a href={`${base}/appointments.docx?organisation=${encodeURIComponent(o.id)}`}>
              {o.kind === 'TFOMS' ? 'Распоряжение' : 'Приказ'} о назначении ответственных лиц — {o.name} (DOCX)
            </a>
          </li>
        ))}
        <li><a href={`${base}/financing.xlsx`}>План финансирования по МО и источникам (XLSX)</a></li>
        <li><a href={`${base}/roadmap.xlsx`}>Редакция в форме шаблона для загрузки (XLSX)</a></li>
      </ul>
    </section>
  );
};
