import type { Context } from 'hono';
import type { FC } from 'hono/jsx';
import type { Actor } from '../../domain/actor.js';
import { administersPilot } from '../../domain/administration.js';

/** What every directory page shares: which region it shows (?region= for a ФОМС administrator) and its sub-navigation. */

/** The region asked for: a two-digit code, else the actor's own (null: ФОМС itself, for a ФОМС administrator). */
export function regionAsked(c: Context, actor: Actor): string | null {
  const asked = c.req.query('region');
  return asked && /^[0-9]{2}$/.test(asked) ? asked : actor.regionCode;
}

export const regionQuery = (region: string | null) => (region ? `?region=${region}` : '');

/** Whose directory a heading names: « — Орловская область» by the region's name (never «региона 57»), or « ФОМС». */
export const whoseDirectory = (region: string | null, regions: { code: string; name: string }[]) =>
  region ? ` — ${regions.find((r) => r.code === region)?.name ?? `регион ${region}`}` : ' ФОМС';

export const directoryFlash: Record<string, string> = {
  organisation_created: 'Организация добавлена.',
  organisation_changed: 'Изменения сохранены.',
  organisation_deactivated: 'Организация деактивирована.',
  organisation_reactivated: 'Организация восстановлена.',
  person_created: 'Сотрудник добавлен. Приглашение для входа направляется отдельно.',
  person_changed: 'Изменения сохранены.',
  person_deactivated: 'Сотрудник деактивирован: его сессии завершены.',
  person_reactivated: 'Сотрудник восстановлен.',
};

export const DirectoryNav: FC<{ actor: Actor; region: string | null; regions: { code: string; name: string }[]; current: 'organisations' | 'people' | 'changes' | 'pilot' }> = (p) => {
  const q = regionQuery(p.region);
  const here = (k: string) => (p.current === k ? 'page' : undefined);
  return (
    <nav aria-label="Разделы справочника" class="actions" style="margin-top:0;margin-bottom:1rem">
      <a href={`/directory${q}`} aria-current={here('organisations')}>Организации</a>
      <a href={`/directory/people${q}`} aria-current={here('people')}>Сотрудники</a>
      <a href={`/directory/changes${q}`} aria-current={here('changes')}>Журнал изменений</a>
      {administersPilot(p.actor) ? <a href="/directory/pilot" aria-current={here('pilot')}>Пилотный проект</a> : null}
      {administersPilot(p.actor) && p.current !== 'pilot' ? (
        <form method="get" action={`/directory${p.current === 'organisations' ? '' : `/${p.current}`}`} class="filters" style="margin-left:auto">
          <div class="field">
            <label for="region-select">Регион</label>
            <select id="region-select" name="region">
              <option value="" selected={p.region === null}>ФОМС</option>
              {p.regions.map((r) => (
                <option value={r.code} selected={r.code === p.region}>
                  {r.code} — {r.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="secondary">Перейти к региону</button>
        </form>
      ) : null}
    </nav>
  );
};
