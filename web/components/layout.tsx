import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import type { Actor } from '../../domain/actor.js';
import { positionLabel } from '../../domain/person.js';
import { pageFrameFacts } from '../../services/people/page-frame-facts.js';
import { federalScope } from '../../domain/federal/pilot.js';
import { grantableRoles } from '../../domain/administration.js';

/**
 * The page frame: one stylesheet inline (no build, no extra request), a skip
 * link, a navigation that collapses on a phone, and visible keyboard focus.
 * Colours keep at least 4.5:1 against their background; state is never told by colour alone.
 */
const css = `
*,*::before,*::after{box-sizing:border-box}
html{font-size:100%;-webkit-text-size-adjust:100%}
body{margin:0;font-family:"PT Sans","Segoe UI",Roboto,Arial,sans-serif;font-size:1rem;line-height:1.5;color:#1b1b1b;background:#f3f4f6}
a{color:#0b4f96}
a:hover{color:#062f5c}
:focus-visible{outline:3px solid #ffbf47;outline-offset:2px;box-shadow:0 0 0 5px #1b1b1b}
.skip{position:absolute;left:-999px;top:0;background:#ffbf47;color:#1b1b1b;padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem}
header.top{background:#0b3a6b;color:#fff}
header.top .bar{max-width:72rem;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center}
header.top a{color:#fff}
header.top .brand{font-weight:700;text-decoration:none;margin-right:auto}
header.top nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
header.top nav a{text-decoration:none;padding:.25rem 0;border-bottom:3px solid transparent}
header.top nav a[aria-current=page]{border-bottom-color:#ffbf47}
header.top .who{font-size:.9rem;display:flex;gap:.75rem;align-items:center;flex-wrap:wrap}
header.top form{margin:0}
header.top .muted-light{color:#dbe6f3}
header.top button{background:transparent;color:#fff;border:1px solid #fff;padding:.2rem .6rem;border-radius:3px;font:inherit;cursor:pointer}
.badge{display:inline-block;min-width:1.5em;padding:0 .4em;border-radius:1em;background:#ffbf47;color:#1b1b1b;font-weight:700;text-align:center;font-size:.85em}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
h3{font-size:1.05rem;margin:1rem 0 .5rem}
.card>h2:first-child{margin-top:0}
.card{background:#fff;border:1px solid #c9ced6;border-radius:4px;padding:1rem;margin:0 0 1rem}
.muted{color:#4a5260}
.flash{border-left:6px solid #00703c;background:#e6f4ea;padding:.75rem 1rem;margin:0 0 1rem}
.alert{border-left:6px solid #b00020;background:#fdecee;padding:.75rem 1rem;margin:0 0 1rem}
.alert h2{margin-top:0;font-size:1.1rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;vertical-align:top;padding:.5rem;border-bottom:1px solid #d5d9e0}
th{background:#e8ebf0;font-weight:700}
.table-wrap{overflow-x:auto;border:1px solid #c9ced6;border-radius:4px}
tr.overdue td{background:#fdecee}
.tag{display:inline-block;padding:0 .45em;border-radius:3px;font-size:.85rem;border:1px solid currentColor;white-space:nowrap}
.tag.overdue{color:#9b001c;background:#fff;font-weight:700}
.tag.ok{color:#005a30}
.tag.wait{color:#6b4500}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dl.facts dt{font-weight:700}
dl.facts dd{margin:0}
label{display:block;font-weight:700;margin:.75rem 0 .25rem}
.hint{display:block;font-weight:400;color:#4a5260;font-size:.9rem}
input[type=text],input[type=password],input[type=date],input[type=number],select,textarea{font:inherit;width:100%;max-width:40rem;padding:.45rem .5rem;border:2px solid #1b1b1b;border-radius:0;background:#fff;color:#1b1b1b}
textarea{min-height:6rem}
input[aria-invalid=true],textarea[aria-invalid=true],select[aria-invalid=true]{border-color:#b00020}
.field-error{color:#9b001c;font-weight:700;margin:.25rem 0 0}
.field{margin-bottom:.5rem}
fieldset{border:1px solid #c9ced6;padding:.5rem 1rem 1rem;margin:1rem 0;max-width:42rem}
legend{font-weight:700;padding:0 .25rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1rem;align-items:center}
button,.button{font:inherit;font-weight:700;padding:.55rem 1.1rem;border:0;border-radius:3px;background:#00703c;color:#fff;cursor:pointer;text-decoration:none;display:inline-block;box-shadow:0 2px 0 #002d18}
button.secondary,.button.secondary{background:#e8ebf0;color:#1b1b1b;box-shadow:0 2px 0 #8b929c}
button.danger{background:#b00020;box-shadow:0 2px 0 #55000f}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end}
.filters label{margin:0 0 .25rem}
.filters .field{margin:0;min-width:12rem}
.task-group h2{font-size:1.05rem;line-height:1.35}
.deadline-shift{font-size:.9rem}
.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem}
.diff-added{color:#005a30}
.diff-removed{color:#9b001c}
svg text{font-family:inherit}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:40rem){
  main{padding:.75rem}
  h1{font-size:1.35rem}
  .stack-sm thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  .stack-sm tr{display:block;border-bottom:2px solid #c9ced6}
  .stack-sm td{display:block;border:0;padding:.25rem .5rem}
  .stack-sm td[data-label]::before{content:attr(data-label) ": ";font-weight:700}
  dl.facts{grid-template-columns:1fr}
  dl.facts dd{margin-bottom:.5rem}
}
`;

export interface Frame {
  title: string;
  actor?: Actor | null;
  csrf?: string;
  /** Which navigation entry is the current page. */
  current?: 'tasks' | 'roadmaps' | 'inbox' | 'monitoring' | 'pilot' | 'directory-import' | 'directory';
  unread?: number;
  /** The person reports weekly, coordinates monitoring or reads it for ФОМС: «Мониторинг» is in the navigation. */
  monitoring?: boolean;
  /** ФОМС staff and group curators: «Пилотные регионы» is in the navigation. */
  federal?: boolean;
  temporalUiUrl?: string | null;
  flash?: string | null;
}

export const Layout: FC<PropsWithChildren<Frame>> = (p) => (
  <html lang="ru">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${p.title} — Дорожные карты ТФОМС и СМО`}</title>
      <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
      <style dangerouslySetInnerHTML={{ __html: css }} />
    </head>
    <body>
      <a class="skip" href="#main">Перейти к содержимому</a>
      <header class="top">
        <div class="bar">
          <a class="brand" href={p.actor ? '/tasks' : '/login'}>Дорожные карты ТФОМС и СМО</a>
          {p.actor ? (
            <nav aria-label="Основная навигация">
              <ul>
                <li><a href="/tasks" aria-current={p.current === 'tasks' ? 'page' : undefined}>Мои задачи</a></li>
                <li><a href="/roadmaps" aria-current={p.current === 'roadmaps' ? 'page' : undefined}>Дорожные карты</a></li>
                {p.monitoring ? (
                  <li><a href="/monitoring" aria-current={p.current === 'monitoring' ? 'page' : undefined}>Мониторинг</a></li>
                ) : null}
                {p.federal ? (
                  <li><a href="/pilot" aria-current={p.current === 'pilot' ? 'page' : undefined}>Пилотные регионы</a></li>
                ) : null}
                {grantableRoles(p.actor).length ? (
                  <li><a href="/directory" aria-current={p.current === 'directory' ? 'page' : undefined}>Справочник</a></li>
                ) : null}
                <li>
                  <a href="/inbox" aria-current={p.current === 'inbox' ? 'page' : undefined}>
                    Уведомления{p.unread ? <> <span class="badge" aria-label={`непрочитанных: ${p.unread}`}>{p.unread}</span></> : null}
                  </a>
                </li>
                {p.actor.roles.includes('admin') || p.actor.roles.includes('foms_admin') ? (
                  <li><a href="/directory-import" aria-current={p.current === 'directory-import' ? 'page' : undefined}>Загрузка справочника</a></li>
                ) : null}
                {p.actor.roles.includes('admin') && p.temporalUiUrl ? (
                  <li><a href={p.temporalUiUrl} rel="noopener">Temporal UI</a></li>
                ) : null}
              </ul>
            </nav>
          ) : null}
          {p.actor ? (
            <div class="who">
              <span>
                {p.actor.fullName} <span class="muted-light">({positionLabel[p.actor.position]})</span>
              </span>
              <a href="/account">Профиль</a>
              <form method="post" action="/logout">
                <input type="hidden" name="_csrf" value={p.csrf} />
                <button type="submit">Выйти</button>
              </form>
            </div>
          ) : null}
        </div>
      </header>
      <main id="main" tabindex={-1}>
        {p.flash ? (
          <div class="flash" role="status">
            {p.flash}
          </div>
        ) : null}
        {p.children}
      </main>
    </body>
  </html>
);

export const executionStatusLabel: Record<string, string> = {
  assigned: 'назначено',
  in_progress: 'в работе',
  submitted: 'на приёмке',
  accepted: 'принято',
  cancelled: 'отменено',
};

export const roadMapStatusLabel: Record<string, string> = {
  draft: 'проект',
  submitted: 'на утверждении',
  approved: 'утверждена',
  superseded: 'прежняя редакция',
};

export const StatusTag: FC<{ status: string; overdue?: boolean }> = ({ status, overdue }) => (
  <>
    <span class={`tag ${status === 'accepted' || status === 'approved' ? 'ok' : status === 'submitted' ? 'wait' : ''}`}>
      {executionStatusLabel[status] ?? roadMapStatusLabel[status] ?? status}
    </span>
    {overdue ? <> <span class="tag overdue">просрочено</span></> : null}
  </>
);

/** The messages a redirect after a successful form carries in `?ok=`: fixed texts, never echoed input. */
export const flashMessages: Record<string, string> = {
  completed: 'Отчёт направлен на приёмку контролирующему лицу.',
  accepted: 'Исполнение принято.',
  returned: 'Возвращено на доработку.',
  extension: 'Запрос на перенос срока направлен контролирующему лицу.',
  granted: 'Срок перенесён.',
  refused: 'В переносе срока отказано.',
  submitted: 'Дорожная карта направлена на утверждение.',
  approved: 'Дорожная карта утверждена; исполнение мероприятий запущено.',
  roadmap_returned: 'Дорожная карта возвращена на доработку.',
  read: 'Отмечено прочитанным.',
  imported: 'Проект дорожной карты создан из файла Excel: проверьте и направьте на утверждение.',
  item_edited: 'Мероприятие проекта изменено.',
};

export const flashFrom = (ok: string | undefined): string | null => (ok ? (flashMessages[ok] ?? null) : null);

export type { Child };

/** The frame every signed-in page shares: who, the CSRF token for the logout form, the unread count. */
export async function frameFor(
  c: { get(key: 'actor'): Actor; get(key: 'csrfToken'): string },
  deps: { sql: import('postgres').Sql; temporalUiUrl: string | null },
  extra: Omit<Frame, 'actor' | 'csrf' | 'unread' | 'temporalUiUrl' | 'monitoring' | 'federal'>,
): Promise<Frame> {
  const actor = c.get('actor');
  const { unread, monitoring } = await pageFrameFacts(deps.sql, actor);
  return { ...extra, actor, csrf: c.get('csrfToken'), unread, monitoring, federal: federalScope(actor) !== null, temporalUiUrl: deps.temporalUiUrl };
}
