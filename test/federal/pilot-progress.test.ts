import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFederalWeek } from '../../activities/federal-week.js';
import { dayOfIsoWeek, formatIsoWeek, isoWeekOf, isoWeekOfDate, parseIsoWeek } from '../../domain/federal/iso-week.js';
import { pilotProgramme } from '../../domain/federal/pilot.js';
import { pilotDemoDocument } from '../../infra/demo/pilot-roadmaps.js';
import { seedPilotRoadMapDeadlines } from '../../infra/demo/pilot-roadmap-deadlines.js';
import { launchBrowser, screenshot, signIn } from '../support/browser.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { approvedPilotRoadMap, pilotRegion, submitConsolidated } from './federal-fixtures.js';
import { ownDatabase } from '../support/own-database.js';
import type { Actor } from '../../domain/actor.js';
import { pilotReadiness } from '../../services/federal/pilot-readiness.js';
import { pilotTrend } from '../../services/federal/pilot-trend.js';

let h: Harness;
let browser: Browser;
let db: Awaited<ReturnType<typeof ownDatabase>>;
let yar: Awaited<ReturnType<typeof approvedPilotRoadMap>>;
const thisWeek = isoWeekOf(new Date(), 'Europe/Moscow');
const lastWeek = formatIsoWeek(isoWeekOfDate(dayOfIsoWeek(parseIsoWeek(thisWeek)!, -7)));

beforeAll(async () => {
  db = await ownDatabase();
  [h, browser] = await Promise.all([startHarness({ databaseUrl: db.url }), launchBrowser()]);
  await seedPilotRoadMapDeadlines(h.sql);
  // Ярославская approved (its weekly period opens), Калининградская waiting for its director, the rest nothing.
  yar = await approvedPilotRoadMap(h, '76');
  const kld = pilotRegion('39');
  const coordinator = await h.login(kld.coordinator[0]);
  const draft = await h.call('POST', '/api/roadmaps', { token: coordinator, body: pilotDemoDocument(kld, new Date().toISOString().slice(0, 10)) });
  expect(draft.status).toBe(201);
  expect((await h.call('POST', `/api/roadmaps/${draft.body.roadMapId}/submit`, { token: coordinator })).status).toBe(200);
  // Last week: Ярославская owed a report — its monitoring had a period open by the federal due time a day ago —
  // and sent nothing; this week it reports on time. (The period is the read model's row as the monitoring would
  // have written it a week earlier; the road map itself was approved just now.)
  const timing = (dueAt: string) => ({ dueAt, rungs: [] });
  const id = (w: string) => `${pilotProgramme.id}:${w}:test-${randomUUID().slice(0, 8)}`;
  const lastDue = new Date(Date.now() - 86_400_000);
  await h.sql`
    insert into reporting_periods (id, roadmap_id, version, number, opens_at, due_at, cutoff_at, status, coordinator_id, workflow_id, time_zone, ladder, iso_week)
    select ${`${yar.roadMapId}.w-last`}, id, 1, 0, ${new Date(lastDue.getTime() - 3 * 86_400_000)}, ${lastDue}, ${lastDue}, 'closed', ${pilotRegion('76').coordinator[0]}, 'none',
           'Europe/Moscow', '[]'::jsonb, ${lastWeek}
    from roadmaps where id = ${yar.roadMapId}`;
  await openFederalWeek(h.sql, { programmeId: pilotProgramme.id, week: lastWeek, federalWeekId: id(lastWeek), timing: timing(lastDue.toISOString()) }, 'queue');
  await openFederalWeek(h.sql, { programmeId: pilotProgramme.id, week: thisWeek, federalWeekId: id(thisWeek), timing: timing(new Date(Date.now() + 3 * 86_400_000).toISOString()) }, 'queue');
  await submitConsolidated(h, yar.periodId, yar.coordinator);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
  await db?.drop();
});

const get = async (login: string, path: string) => h.call('GET', path, { token: await h.login(login) });
const cell = (body: any, region: string, kind: string) => body.regions.find((r: any) => r.regionCode === region).cells.find((c: any) => c.kind === kind);

/** What the axe-core rules we rely on would catch on these pages, checked in the page itself (axe-core is not installed). */
async function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    if (!document.documentElement.lang) problems.push('html без lang');
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    for (const id of new Set(ids.filter((x, i) => ids.indexOf(x) !== i))) problems.push(`повторяется id «${id}»`);
    for (const a of document.querySelectorAll('a')) if (!(a.textContent ?? '').trim() && !a.getAttribute('aria-label')) problems.push(`ссылка без текста: ${a.getAttribute('href')}`);
    for (const svg of document.querySelectorAll('svg[role=img]')) {
      const label = (svg.getAttribute('aria-labelledby') ?? '').split(' ').map((x) => document.getElementById(x)?.textContent ?? '').join('').trim() || svg.getAttribute('aria-label');
      if (!label) problems.push('диаграмма без имени');
      for (const d of (svg.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean)) if (!document.getElementById(d)) problems.push(`aria-describedby → нет «${d}»`);
    }
    for (const th of document.querySelectorAll('table th')) if (!th.getAttribute('scope') && !th.closest('thead')) problems.push(`th без scope: ${th.textContent}`);
    for (const t of document.querySelectorAll('table')) if (!t.querySelector('th')) problems.push('таблица без заголовков');
    const headings = [...document.querySelectorAll('h1,h2,h3')].map((x) => Number(x.tagName[1]));
    if (headings.filter((x) => x === 1).length !== 1) problems.push('не один h1');
    headings.forEach((l, i) => i && l > headings[i - 1] + 1 && problems.push(`пропущен уровень заголовка перед h${l}`));
    return problems;
  });
}

describe('the pilot’s trend', () => {
  it('12 weeks per region in one answer: last week missing, this week on time; the share on time per week', async () => {
    const res = await get('foms', '/api/pilot/trend');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.weeks).toHaveLength(12);
    expect(res.body.weeks.slice(-2)).toEqual([lastWeek, thisWeek]);
    expect(res.body.regions).toHaveLength(30);
    expect(res.body.scope).toBe('pilot');
    const y = res.body.regions.find((r: any) => r.regionCode === '76');
    expect(y.weeks.slice(-2).map((w: any) => w.status)).toEqual(['missing', 'on_time']);
    expect(y.weeks.slice(0, 10).every((w: any) => w.status === 'none')).toBe(true);
    expect(y.totals).toEqual({ onTime: 1, late: 0, missing: 1 });
    // Калининградская has no approved road map: nothing was expected of it.
    expect(res.body.regions.find((r: any) => r.regionCode === '39').weeks.every((w: any) => w.status === 'none')).toBe(true);
    expect(res.body.share.slice(-2)).toEqual([
      { week: lastWeek, onTime: 0, late: 0, missing: 1, pending: 0, percent: 0 },
      { week: thisWeek, onTime: 1, late: 0, missing: 0, pending: 0, percent: 100 },
    ]);
    expect(res.body.share[0].percent).toBeNull();

    const older = await get('foms', `/api/pilot/trend?to=${lastWeek}`);
    expect(older.body.weeks.at(-1)).toBe(lastWeek);
    expect(older.body.regions.find((r: any) => r.regionCode === '76').weeks.at(-1).status).toBe('missing');
  });

  it('a curator sees their groups, a pilot region’s own staff their region, anyone else 403; a malformed week 400 naming the field', async () => {
    const pushkov = await get('pushkov', '/api/pilot/trend');
    expect(pushkov.status).toBe(200);
    expect(pushkov.body.scope).toBe('groups');
    expect(pushkov.body.regions.map((r: any) => r.regionCode).sort()).toEqual([...pilotProgramme.groups[0].regionCodes].sort());
    // The region's own coordinator and director see its federal status (the page their escalation links to).
    for (const [login, region] of [['yar-coordinator', '76'], ['sakh-director', '65']]) {
      for (const path of ['/api/pilot/trend', '/api/pilot/readiness']) {
        const own = await get(login, path);
        expect(own.status, `${login} ${path}`).toBe(200);
        expect(own.body.regions.map((r: any) => r.regionCode), `${login} ${path}`).toEqual([region]);
      }
    }
    // Орловская is no pilot region: its director sees none of it.
    for (const path of ['/api/pilot/trend', '/api/pilot/readiness', '/api/pilot/readiness.xlsx']) expect((await get('director', path)).status, `director ${path}`).toBe(403);
    const bad = await get('foms', '/api/pilot/trend?to=2026-W99');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.field)).toEqual(['to']);
    expect((await get('foms', '/api/pilot/trend?week=2026-W01')).status).toBe(400);
  });
});

describe('the readiness of the pilot’s documents', () => {
  it('30 regions × 7 documents: done, in work and missing from the approval, the items and the printed documents', async () => {
    const res = await get('foms', '/api/pilot/readiness');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.regions).toHaveLength(30);
    expect(res.body.documents.map((d: any) => d.kind)).toEqual(['roadmap', 'legal_act', 'appointment_order', 'smo_local_act', 'representatives_agreement', 'information_exchange_rules', 'financing_plan']);
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Moscow' });
    expect(cell(res.body, '76', 'roadmap')).toMatchObject({ state: 'done', date: today, stateLabel: 'готов' });
    expect(cell(res.body, '76', 'roadmap').links[0].href).toBe(`/roadmaps/${yar.roadMapId}/versions/1/roadmap.docx`);
    // The order is an item of the road map («Приказ ТФОМС»): its open execution keeps it in work, dated by its deadline.
    const order = cell(res.body, '76', 'appointment_order');
    expect(order.state).toBe('in_work');
    expect(order.links.map((l: any) => l.href)).toContain(`/roadmaps/${yar.roadMapId}/versions/1/appointments.docx?organisation=tfoms-76`);
    expect(order.links[0].href).toMatch(/^\/executions\//);
    // Two СМО in the region, the road map appoints people of one.
    expect(cell(res.body, '76', 'smo_local_act')).toMatchObject({ state: 'in_work', note: 'СМО с назначениями: 1 из 2' });
    expect(cell(res.body, '76', 'financing_plan').state).toBe('missing');
    expect(cell(res.body, '76', 'legal_act').state).toBe('missing');
    expect(cell(res.body, '39', 'roadmap')).toMatchObject({ state: 'in_work', date: res.body.regions.find((r: any) => r.regionCode === '39').roadMapDeadline.dueDate });
    expect(cell(res.body, '92', 'roadmap').state).toBe('missing');
    expect(res.body.totals.roadmap).toEqual({ missing: 28, in_work: 1, done: 1 });
    const kld = res.body.regions.find((r: any) => r.regionCode === '39').roadMapDeadline;
    expect(kld).toMatchObject({ overdue: false, lastRung: null });
    expect(res.body.regions.find((r: any) => r.regionCode === '65').roadMapDeadline.overdue).toBe(true);
  });

  it('the order is executed and accepted with its signed file: the cell is done, dated and linked to the file', async () => {
    const [execution] = await h.sql<{ id: string }[]>`select id from item_executions where roadmap_id = ${yar.roadMapId} and item_id = 'order'`;
    const r = pilotRegion('76');
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% order\ntrailer << /Root 1 0 R >>\n%%EOF\n')]), 'Приказ № 12 о назначении ответственных.pdf');
    const executor = await h.login(r.heads[0][0]);
    const up = await fetch(`${h.baseUrl}/api/attachments`, { method: 'POST', headers: { authorization: `Bearer ${executor}` }, body: form });
    expect(up.status).toBe(201);
    const file = (await up.json()) as { id: string };
    const done = await h.call('POST', `/api/executions/${execution.id}/complete`, { token: executor, body: { text: 'Приказ подписан', attachments: [{ attachmentId: file.id }] } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const accepted = await h.call('POST', `/api/executions/${execution.id}/accept`, { token: await h.login(r.heads[1][0]) });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const res = await eventually(() => get('foms', '/api/pilot/readiness'), (x) => cell(x.body, '76', 'appointment_order').state === 'done', 30_000);
    const order = cell(res.body, '76', 'appointment_order');
    expect(order.date).toBe(new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Moscow' }));
    expect(order.links[0]).toEqual({ label: 'Приказ № 12 о назначении ответственных.pdf', href: `/attachments/${file.id}` });
    expect(order.links[1].href).toBe(`/executions/${encodeURIComponent(execution.id)}`);
  });

  it('the XLSX: a row per region, a column per document, each cell’s state in words', async () => {
    const res = await fetch(`${h.baseUrl}/api/pilot/readiness.xlsx`, { headers: { authorization: `Bearer ${await h.login('foms')}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = wb.worksheets[0];
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    const header = rows.find((r) => r[0] === '№')!;
    expect(header).toHaveLength(10);
    expect(header[3]).toBe('«Дорожная карта» ТФОМС и СМО, утверждённая директором ТФОМС');
    const yarRow = rows.find((r) => r[1] === 'Ярославская область')!;
    expect(yarRow[3]).toMatch(/^готов, утверждена \d{2}\.\d{2}\.\d{4}\nредакция 1$/);
    expect(yarRow[5]).toMatch(/^готов, принято \d{2}\.\d{2}\.\d{4}\nмероприятие принято \(1 из 1\)$/);
    expect(yarRow[9]).toMatch(/^нет\n/);
    expect(rows.filter((r) => /^\d+$/.test(r[0]))).toHaveLength(30);
  });
});

describe('no query per region', () => {
  it('one statement for the trend of 30 regions × 12 weeks, two for the matrix', async () => {
    const foms: Actor = { personId: 'foms', fullName: 'Кравчук С.Г.', organisationId: 'foms', organisationKind: 'FOMS', regionCode: null, position: 'head_of_directorate', roles: [], actingForId: null };
    let statements = 0;
    const counting = new Proxy(h.sql, { apply: (target, self, args) => (statements++, Reflect.apply(target, self, args)) });
    expect((await pilotTrend(counting, foms)).regions).toHaveLength(30);
    expect(statements).toBe(1);
    statements = 0;
    expect((await pilotReadiness(counting, foms)).regions).toHaveLength(30);
    expect(statements).toBe(2);
  });
});

describe('pages', () => {
  it('ФОМС: the trend with its chart and table, the readiness matrix and its export; accessible', async () => {
    const { page, context } = await signIn(browser, h.baseUrl, 'foms');
    await page.goto('/pilot');
    await page.getByRole('link', { name: 'Динамика за 12 недель' }).click();
    await page.waitForURL((u) => u.pathname === '/pilot/trend');
    expect(await page.locator('h1').innerText()).toContain(thisWeek);
    expect(await page.locator('#trend-region-table tbody tr').count()).toBe(30);
    expect(await page.locator(`#trend-region-table tr[data-region="76"] td[data-week="${thisWeek}"]`).innerText()).toBe('в срок');
    expect(await page.locator(`#trend-region-table tr[data-region="76"] td[data-week="${lastWeek}"]`).getAttribute('data-status')).toBe('missing');
    expect(await page.locator(`#trend-share-table tr[data-week="${thisWeek}"] [data-share]`).innerText()).toBe('100 %');
    await expect.poll(() => page.getByRole('img', { name: /Доля сводных отчётов, представленных в срок/ }).count()).toBe(1);
    expect(await page.locator('#trend-region-chart rect').count()).toBe(30 * 12);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'pilot-trend');

    await page.getByRole('link', { name: 'Готовность документов' }).first().click();
    await page.waitForURL((u) => u.pathname === '/pilot/readiness');
    const yarRow = page.locator('#readiness-matrix tr[data-region="76"]');
    expect(await yarRow.locator('td[data-kind="roadmap"]').getAttribute('data-state')).toBe('done');
    expect(await yarRow.locator('td[data-kind="appointment_order"]').getAttribute('data-state')).toBe('done');
    expect(await yarRow.locator('td[data-kind="smo_local_act"]').getAttribute('data-state')).toBe('in_work');
    expect(await yarRow.locator('td[data-kind="financing_plan"]').innerText()).toContain('нет');
    expect(await page.locator('#readiness-matrix tbody tr').count()).toBe(30);
    expect(await page.locator('tr[data-region="65"] td[data-deadline]').innerText()).toContain('просрочен');
    // ФОМС may open the file the cell links to (the execution's read rule).
    const href = await yarRow.getByRole('link', { name: 'Приказ № 12 о назначении ответственных.pdf' }).getAttribute('href');
    expect((await context.request.get(href!)).status()).toBe(200);
    expect(await accessibilityProblems(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Матрица готовности (XLSX)' }).click()]);
    expect(download.suggestedFilename()).toBe('pilot-readiness.xlsx');
    await screenshot(page, 'pilot-readiness');
    await context.close();
  });

  it('a curator sees their group’s regions; a pilot region’s director only their own; a director outside the pilot gets 403', async () => {
    const curator = await signIn(browser, h.baseUrl, 'semenyuk');
    await curator.page.goto('/pilot/readiness');
    expect(await curator.page.locator('#readiness-matrix tbody tr').count()).toBe(4);
    await curator.page.goto('/pilot/trend');
    expect(await curator.page.locator('#trend-region-table tbody tr').count()).toBe(4);
    await curator.context.close();
    const own = await signIn(browser, h.baseUrl, 'sakh-director');
    expect((await own.page.goto('/pilot/readiness'))?.status()).toBe(200);
    expect(await own.page.locator('#readiness-matrix tbody tr').count()).toBe(1);
    await own.context.close();
    const director = await signIn(browser, h.baseUrl, 'director');
    const res = await director.page.goto('/pilot/readiness');
    expect(res?.status()).toBe(403);
    await director.context.close();
  });
});
