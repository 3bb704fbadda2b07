import { Hono, type Context } from 'hono';
import { PilotGroupChange, PilotRegionPlacement } from '../../domain/directory/pilot-setup.js';
import { RefusedError } from '../../domain/refusal.js';
import type { ServiceDeps } from '../../services/deps.js';
import { changePilotGroup, pilotSetup, placePilotRegion } from '../../services/directory/pilot-setup.js';
import { listRegions } from '../../services/federal/region-queries.js';
import { ErrorSummary, Field, Hidden, parseWith, refusalStatus, refusalToForm, type FormState } from '../components/forms.js';
import { frameFor, Layout } from '../components/layout.js';
import type { WebEnv } from '../session/web-session.js';
import { DirectoryNav } from './directory-frame.js';
import { optional, sentValues, text, type FormBody } from './form-input.js';

/** «Пилотный проект»: who curates each group and which group each region is in (a ФОМС administrator). */

const labels: Record<string, string> = {
  curatorRegionCode: 'Регион куратора',
  curatorName: 'Куратор',
  curatorRole: 'Должность куратора',
  code: 'Регион',
  groupId: 'Группа',
};
type Status = 200 | 400 | 403 | 404 | 409;

async function pilotPage(c: Context<WebEnv>, deps: ServiceDeps, forms: { group?: { id: string; form: FormState }; region?: FormState } = {}, status: Status = 200) {
  const actor = c.get('actor');
  const [setup, regions] = await Promise.all([pilotSetup(deps.sql, actor), listRegions(deps.sql)]);
  const name = new Map(regions.map((r) => [r.code, r.name]));
  const regionOptions = regions.map((r) => ({ value: r.code, label: `${r.code} — ${r.name}` }));
  const csrf = c.get('csrfToken');
  const placement = forms.region ?? { values: {}, errors: {}, scope: 'placement' };
  const flash = c.req.query('ok') === 'pilot_changed' ? 'Изменения сохранены.' : null;
  const frame = await frameFor(c, deps, { title: 'Справочник: пилотный проект', current: 'directory', flash });
  return c.html(
    <Layout {...frame}>
      <h1>Пилотный проект: группы и кураторы</h1>
      <DirectoryNav actor={actor} region={null} regions={regions} current="pilot" />
      {setup.groups.map((g) => {
        const scope = `group-${g.id}`;
        const form = forms.group?.id === g.id ? forms.group.form : { values: { curatorRegionCode: g.curatorRegionCode, curatorName: g.curatorName, curatorRole: g.curatorRole }, errors: {}, scope };
        return (
          <section class="card" aria-labelledby={`${scope}-title`} data-group={g.id}>
            <h2 id={`${scope}-title`}>Группа {g.number}: {g.title}</h2>
            <p>Регионы ({g.regionCodes.length}): {g.regionCodes.map((code) => `${code} ${name.get(code) ?? ''}`).join('; ') || '—'}</p>
            <ErrorSummary form={form} labels={labels} />
            <form method="post" action={`/directory/pilot/groups/${encodeURIComponent(g.id)}`}>
              <Hidden csrf={csrf} />
              <Field form={form} name="curatorRegionCode" label={labels.curatorRegionCode} type="select" options={regionOptions}
                hint="Группу курирует директор ТФОМС этого региона (и исполняющий его обязанности)" />
              <Field form={form} name="curatorName" label={labels.curatorName} required />
              <Field form={form} name="curatorRole" label={labels.curatorRole} required />
              <p class="actions"><button type="submit">Сохранить группу {g.number}</button></p>
            </form>
          </section>
        );
      })}
      <section class="card" aria-labelledby="placement-title">
        <h2 id="placement-title">Регион в пилотном проекте</h2>
        <ErrorSummary form={placement} labels={labels} />
        <form method="post" action="/directory/pilot/regions">
          <Hidden csrf={csrf} />
          <Field form={placement} name="code" label={labels.code} type="select" options={regionOptions} />
          <Field form={placement} name="groupId" label={labels.groupId} type="select"
            options={[{ value: '', label: '— не участвует —' }, ...setup.groups.map((g) => ({ value: g.id, label: `${g.number}. ${g.title}` }))]} />
          <p class="actions"><button type="submit">Сохранить регион</button></p>
        </form>
      </section>
    </Layout>,
    status,
  );
}

export function pilotSetupPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  app.get('/directory/pilot', (c) => pilotPage(c, deps));
  app.post('/directory/pilot/groups/:id', async (c) => {
    const id = c.req.param('id');
    const body = (await c.req.parseBody()) as FormBody;
    const values = sentValues(body);
    const scope = `group-${id}`;
    const parsed = parseWith(PilotGroupChange, { curatorRegionCode: text(body, 'curatorRegionCode'), curatorName: text(body, 'curatorName'), curatorRole: text(body, 'curatorRole') });
    if (!parsed.ok) return pilotPage(c, deps, { group: { id, form: { values, errors: parsed.errors, scope } } }, 400);
    try {
      await changePilotGroup(deps.sql, c.get('actor'), id, parsed.data, 'page');
    } catch (err) {
      if (!(err instanceof RefusedError) || err.refusal.code === 'not_found' || err.refusal.code === 'forbidden') throw err;
      const form = refusalToForm(err, { values, scope });
      return pilotPage(c, deps, { group: { id, form } }, refusalStatus(form.code) as Status);
    }
    return c.redirect('/directory/pilot?ok=pilot_changed', 303);
  });
  app.post('/directory/pilot/regions', async (c) => {
    const body = (await c.req.parseBody()) as FormBody;
    const values = sentValues(body);
    const parsed = parseWith(PilotRegionPlacement, { groupId: optional(body, 'groupId') });
    if (!parsed.ok) return pilotPage(c, deps, { region: { values, errors: parsed.errors, scope: 'placement' } }, 400);
    try {
      await placePilotRegion(deps.sql, c.get('actor'), text(body, 'code'), parsed.data, 'page');
    } catch (err) {
      if (!(err instanceof RefusedError) || err.refusal.code === 'forbidden') throw err;
      const form = refusalToForm(err, { values, scope: 'placement' });
      return pilotPage(c, deps, { region: form }, refusalStatus(form.code) as Status);
    }
    return c.redirect('/directory/pilot?ok=pilot_changed', 303);
  });
  return app;
}
