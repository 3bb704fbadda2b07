import { Hono } from 'hono';
import { pilotDocumentShortLabel, type DocumentCellState } from '../../domain/federal/pilot-documents.js';
import { formatRuIsoDate } from '../../domain/zoned-time.js';
import { pilotReadiness } from '../../services/federal/pilot-readiness.js';
import { readinessXlsx } from '../../services/federal/readiness-xlsx.js';
import type { ServiceDeps } from '../../services/deps.js';
import { frameFor, Layout } from '../components/layout.js';
import type { WebEnv } from '../session/web-session.js';
import { PilotNav } from './pilot-nav.js';
import { Light } from './traffic-light.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const light: Record<DocumentCellState, 'green' | 'yellow' | 'red'> = { done: 'green', in_work: 'yellow', missing: 'red' };

/** The pilot's documents per region: 30 regions × the seven documents of seed 000, each missing, in work or done. */
export function pilotReadinessPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  app.get('/pilot/readiness', async (c) => {
    const view = await pilotReadiness(deps.sql, c.get('actor'));
    const frame = await frameFor(c, deps, { title: 'Готовность документов пилотных регионов', current: 'pilot' });
    return c.html(
      <Layout {...frame}>
        <PilotNav current="readiness" />
        <h1>Готовность документов пилотного проекта</h1>
        <p class="muted">
          Документы, которые по программе пилота готовит каждый регион. Состояние — по мероприятиям дорожной карты, результат которых — этот документ
          (их исполнение и приложенные файлы), и по документам утверждённой редакции, которые формирует платформа.
        </p>
        <div class="actions" style="margin-top:0">
          <a class="button secondary" href="/pilot/readiness.xlsx" download>Матрица готовности (XLSX)</a>
        </div>
        <div class="table-wrap">
          <table id="readiness-matrix" style="font-size:.9em">
            <caption class="muted" style="text-align:left">Строка — регион, столбец — документ; в ячейке состояние (нет, в работе, готов), дата и ссылки.</caption>
            <thead>
              <tr>
                <th scope="col">Регион</th>
                <th scope="col">Срок утверждения дорожной карты</th>
                {view.documents.map((d) => <th scope="col" data-kind={d.kind}><abbr title={d.label}>{pilotDocumentShortLabel[d.kind]}</abbr></th>)}
              </tr>
            </thead>
            <tbody>
              {view.regions.map((r) => (
                <tr data-region={r.regionCode}>
                  <th scope="row" style="font-weight:400"><a href={`/pilot/regions/${r.regionCode}`}>{r.regionName}</a></th>
                  {r.roadMapDeadline ? (
                    <td data-deadline={r.roadMapDeadline.overdue ? 'overdue' : 'ok'}>
                      {formatRuIsoDate(r.roadMapDeadline.dueDate)}
                      {r.roadMapDeadline.overdue ? <><br /><strong>просрочен</strong></> : null}
                      {r.roadMapDeadline.lastRungLabel ? <><br /><span class="muted">эскалация: {r.roadMapDeadline.lastRungLabel}</span></> : null}
                    </td>
                  ) : (
                    <td data-deadline="none" class="muted">срок не установлен</td>
                  )}
                  {r.cells.map((cell) => (
                    <td data-kind={cell.kind} data-state={cell.state}>
                      <Light light={light[cell.state]} label={cell.stateLabel} />
                      {cell.date ? <div>{cell.dateLabel ? `${cell.dateLabel} ` : ''}{formatRuIsoDate(cell.date)}</div> : null}
                      {cell.note ? <div class="muted">{cell.note}</div> : null}
                      {cell.links.map((l) => <div><a href={l.href}>{l.label}</a></div>)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Готово</th>
                <td />
                {view.documents.map((d) => <td data-total={d.kind}>{view.totals[d.kind].done} из {view.regions.length}</td>)}
              </tr>
            </tfoot>
          </table>
        </div>
      </Layout>,
    );
  });

  app.get('/pilot/readiness.xlsx', async (c) => {
    const data = await readinessXlsx(await pilotReadiness(deps.sql, c.get('actor')), new URL(c.req.url).origin);
    return c.body(new Uint8Array(data), 200, { 'content-type': XLSX, 'content-disposition': 'attachment; filename="pilot-readiness.xlsx"' });
  });
  return app;
}
