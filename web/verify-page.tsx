import { Hono } from 'hono';
import { verifyVersion, type VersionVerification } from '../services/documents/version-verification.js';
import type { ServiceDeps } from '../services/deps.js';
import { Layout } from './components/layout.js';
import type { WebEnv } from './session/web-session.js';

const statusLabel = { approved: 'утверждена, действует', superseded: 'утверждена, заменена более поздней редакцией' } as const;

const VerifyPage = (p: { v: VersionVerification }) => (
  <Layout title="Проверка подлинности документа">
    <div class="card">
      <h1>Проверка подлинности документа</h1>
      {p.v.matches === true ? (
        <p role="status"><strong>Подлинность подтверждена:</strong> документ сформирован из этой утверждённой редакции.</p>
      ) : p.v.matches === false ? (
        <p role="alert"><strong>Не совпадает:</strong> хэш на документе не равен хэшу этой редакции. Документ изменён или сформирован из другой редакции.</p>
      ) : null}
      <dl>
        <dt>Дорожная карта</dt>
        <dd>{p.v.title} ({p.v.roadMapId})</dd>
        <dt>Регион</dt>
        <dd>{p.v.regionName}</dd>
        <dt>Редакция</dt>
        <dd>{p.v.version}: {statusLabel[p.v.status]}</dd>
        <dt>Утверждена</dt>
        <dd>{[p.v.approvedOn, p.v.approvedBy].filter(Boolean).join(', ') || '—'}</dd>
        <dt>SHA-256 содержания редакции</dt>
        <dd><code style="overflow-wrap:anywhere">{p.v.contentSha256}</code></dd>
      </dl>
    </div>
  </Layout>
);

const NotFound = () => (
  <Layout title="Редакция не найдена">
    <div class="card">
      <h1>Редакция не найдена</h1>
      <p>Утверждённой редакции с такими реквизитами нет. Проверьте адрес, напечатанный на документе.</p>
    </div>
  </Layout>
);

/** The public page a printout's QR code opens (no login: whoever holds the paper checks it). */
export function verifyPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  app.get('/verify/:roadMapId/:version', async (c) => {
    const version = Number(c.req.param('version'));
    const sha = c.req.query('sha256');
    const printed = sha && /^[0-9a-fA-F]{64}$/.test(sha) ? sha : sha ? 'malformed' : null;
    const found = Number.isInteger(version) && version > 0 && version < 1_000_000 ? await verifyVersion(deps.sql, c.req.param('roadMapId'), version, printed) : null;
    return found ? c.html(<VerifyPage v={found} />) : c.html(<NotFound />, 404);
  });
  return app;
}
