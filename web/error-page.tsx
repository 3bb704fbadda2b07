import type { Context } from 'hono';
import type { Refusal } from '../domain/refusal.js';
import type { ServiceDeps } from '../services/deps.js';
import { frameFor, Layout } from './components/layout.js';
import { sentence } from './components/text.js';
import type { WebEnv } from './session/web-session.js';
import type { Part } from '../infra/http/outage.js';

const titles: Record<string, string> = {
  forbidden: 'Нет прав',
  not_found: 'Не найдено',
  conflict: 'Действие недоступно',
  validation: 'Ошибка в данных',
  internal: 'Ошибка',
};
const statuses: Record<string, 400 | 403 | 404 | 409 | 500> = { validation: 400, forbidden: 403, not_found: 404, conflict: 409, internal: 500 };

/** A refusal outside any form (a link to another region's item, a forged POST): a page saying why. */
export async function errorPage(c: Context<WebEnv>, deps: ServiceDeps, r: Omit<Refusal, 'code'> & { code: string }) {
  const actor = c.get('actor');
  const frame = actor ? await frameFor(c, deps, { title: titles[r.code] ?? 'Ошибка' }) : { title: titles[r.code] ?? 'Ошибка' };
  return c.html(
    <Layout {...frame}>
      <h1>{titles[r.code] ?? 'Ошибка'}</h1>
      <div class="alert" role="alert">
        <p>{sentence(r.message)}</p>
      </div>
      <p>
        <a href="/tasks">К моим задачам</a>
      </p>
    </Layout>,
    statuses[r.code] ?? 500,
  );
}

/**
 * A part of the platform does not answer: said in Russian, without the
 * person's menu (drawing it would need the very database that may be down).
 */
export function unavailablePage(c: Context, part: Part | 'starting') {
  const why =
    part === 'PostgreSQL'
      ? 'База данных PostgreSQL не отвечает. Ничего не изменено.'
      : part === 'Temporal'
        ? 'Сервер Temporal не отвечает. Действие не подтверждено.'
        : 'Процесс исполнения ещё запускается (мероприятие только что утверждено). Действие не выполнено.';
  return c.html(
    <Layout title="Сервис временно недоступен">
      <h1>Сервис временно недоступен</h1>
      <div class="alert" role="alert">
        <p>{why}</p>
        <p>Попробуйте ещё раз через несколько секунд: повторная отправка той же формы не выполнит действие дважды.</p>
      </div>
      <p>
        <a href={c.req.path}>Обновить страницу</a>
      </p>
    </Layout>,
    503,
    { 'retry-after': part === 'starting' ? '1' : '5' },
  );
}
