import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFederalWeek } from '../../activities/federal-week.js';
import { federalWeekWorkflowId } from '../../domain/federal/federal-week-state.js';
import { isoWeekOf } from '../../domain/federal/iso-week.js';
import { pilotProgramme } from '../../domain/federal/pilot.js';
import { moIdOf } from '../../infra/demo/pilot-regions.js';
import { pilotDemoDocument } from '../../infra/demo/pilot-roadmaps.js';
import { launchBrowser, screenshot, signIn } from '../support/browser.js';
import { expectAccessible } from '../support/accessibility.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { ownDatabase } from '../support/own-database.js';
import { approvedPilotRoadMap, pilotRegion, secondsWeek, submitConsolidated } from './federal-fixtures.js';

/**
 * One federal week with every state present, built from demo regions through
 * the real API and workflows: on time (76), late (72), missing (66), pending
 * (39), monitoring starting next week (65, the default week), approved after
 * the due time (52), drafted but not approved (26), and 23 regions without a
 * road map. The federal week is opened with per-region due times, as a late
 * opening after a restart would see them.
 */
let h: Harness;
let browser: Browser;
let week: string;
let pendingPeriodId: string;
const federalWeekId = () => `${pilotProgramme.id}:${week}:truth`;
const MIN = 60_000;
const DAY = 86_400_000;

/**
 * A database of this file's own (test/support/own-database.ts): the week view counts every pilot region, so
 * road maps other test files approve for the same demo regions would change it.
 */
let dropDatabase: () => Promise<void> = async () => {};

beforeAll(async () => {
  [h, browser] = await Promise.all([
    ownDatabase().then((own) => {
      dropDatabase = own.drop;
      return startHarness({ databaseUrl: own.url });
    }),
    launchBrowser(),
  ]);
  week = isoWeekOf(new Date(), 'Europe/Moscow');
  // 39: its СМО files the reporting form; the week is compiled at the cut-off and never submitted to ФОМС.
  const pending = await approvedPilotRoadMap(h, '39', { ...secondsWeek, fastCycle: { periodLength: 'PT30M', dueAfter: 'PT6S', cutoffAfter: 'PT12S' } });
  pendingPeriodId = pending.periodId;
  const r39 = pilotRegion('39');
  const form = r39.mo.map((_, i) => ({ moId: moIdOf(r39, i), representativesPresent: 3, notified: 700, completedCheckup: 300 }));
  const filed = await h.call('POST', `/api/monitoring/periods/${pending.periodId}/reports`, { token: await h.login(r39.smoHead[0]), body: { smoForm: form } });
  expect(filed.status, JSON.stringify(filed.body)).toBe(200);

  // 65: the default week: its first period opens next Monday.
  await approvedPilotRoadMapDefault(h, '65');
  const [onTime, late] = await Promise.all(['76', '72', '66', '52'].map((code) => approvedPilotRoadMap(h, code)));
  // 26: drafted and submitted, never approved.
  const r26 = pilotRegion('26');
  const c26 = await h.login(r26.coordinator[0]);
  const created = await h.call('POST', '/api/roadmaps', { token: c26, body: pilotDemoDocument(r26, new Date().toISOString().slice(0, 10)) });
  expect(created.status).toBe(201);
  expect((await h.call('POST', `/api/roadmaps/${created.body.roadMapId}/submit`, { token: c26 })).status).toBe(200);

  // The week is opened now, with due times per region: 52 was approved (its period opened) after its due time,
  // as a week opened late after a restart would see it.
  // Due a second ago for 72, 66 and 65: after their periods opened (or 65's approval), before now.
  await new Promise((r) => setTimeout(r, 2000));
  const now = Date.now();
  const at = (ms: number) => new Date(now + ms).toISOString();
  const plan = await openFederalWeek(h.sql, {
    programmeId: pilotProgramme.id, week, federalWeekId: federalWeekId(),
    timing: {
      dueAt: at(-60 * MIN),
      dueAtByRegion: { '76': at(DAY), '39': at(DAY), '72': at(-1000), '66': at(-1000), '65': at(-1000) },
      rungs: [{ id: 'coordinator', offset: 'PT0S', notify: 'coordinator' }, { id: 'director', offset: 'PT2S', notify: 'director' }, { id: 'curator', offset: 'PT4S', notify: 'curator' }],
    },
  } as never, 'queue');
  expect(plan.regions.map((r) => r.regionCode).sort()).toEqual(['39', '52', '65', '66', '72', '76']);

  await submitConsolidated(h, onTime.periodId, onTime.coordinator);
  await h.env.client.workflow.start('federalWeekWorkflow', { workflowId: federalWeekWorkflowId(federalWeekId()), taskQueue: h.taskQueue, args: [{ plan }] });
  // 66 climbs its whole ladder; by then every earlier rung of the week has fired.
  await eventually(() => rungsOf('66'), (x) => x.length === 3, 60_000);
  await submitConsolidated(h, late.periodId, late.coordinator);
  await eventually(() => h.sql`select 1 from federal_region_weeks where federal_week_id = ${federalWeekId()} and region_code = '72' and submitted_at is not null`, (x) => x.length === 1, 30_000);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
  await dropDatabase();
});

async function approvedPilotRoadMapDefault(harness: Harness, code: string) {
  const r = pilotRegion(code);
  const doc = pilotDemoDocument(r, new Date().toISOString().slice(0, 10));
  const coordinator = await harness.login(r.coordinator[0]);
  const created = await harness.call('POST', '/api/roadmaps', { token: coordinator, body: doc });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.roadMapId as string;
  expect((await harness.call('POST', `/api/roadmaps/${id}/submit`, { token: coordinator })).status).toBe(200);
  expect((await harness.call('POST', `/api/roadmaps/${id}/approve`, { token: await harness.login(r.director[0]) })).status).toBe(200);
  return id;
}

const rungsOf = (code: string) =>
  h.sql<{ payload: any }[]>`select payload from events where type = 'federal.report_rung_fired' and payload->>'federalWeekId' = ${federalWeekId()} and payload->>'regionCode' = ${code} order by seq`;
const get = async (login: string, path: string) => h.call('GET', path, { token: await h.login(login) });
const statusOf = (body: any, code: string) => body.regions.find((r: any) => r.regionCode === code).report.status;

describe('the federal week tells the truth', () => {
  it('every state present, and the states add up to the 30 regions in the JSON', async () => {
    const res = await get('foms', `/api/pilot/weeks/${week}`);
    expect(res.status).toBe(200);
    const expected: Record<string, string> = { '76': 'on_time', '72': 'late', '66': 'missing', '39': 'pending', '65': 'not_due', '52': 'not_due', '26': 'not_monitored', '31': 'no_roadmap' };
    for (const [code, status] of Object.entries(expected)) expect(statusOf(res.body, code), code).toBe(status);
    expect(res.body.regions.find((r: any) => r.regionCode === '65').report.notDueReason).toBe('monitoring_later');
    expect(res.body.regions.find((r: any) => r.regionCode === '52').report.notDueReason).toBe('approved_after_due');
    const t = res.body.totals;
    expect(t).toMatchObject({ regions: 30, onTime: 1, late: 1, missing: 1, pending: 1, notDue: 2, notApproved: 1, withoutRoadMap: 23 });
    const esc = res.body.regions.find((r: any) => r.regionCode === '66').escalations;
    expect(esc.map((e: any) => [e.rung, e.recipients.map((p: any) => p.personId)])).toEqual([['coordinator', ['ekb-coordinator']], ['director', ['shelyakin']], ['curator', ['shelyakin']]]);
    expect(esc[0].at.moscow).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
    expect(t.onTime + t.late + t.missing + t.pending + t.notDue + t.notApproved + t.withoutRoadMap).toBe(30);
  });

  it('the XLSX counts the same states, adding up to 30', async () => {
    const res = await fetch(`${h.baseUrl}/api/pilot/weeks/${week}/summary.xlsx`, { headers: { authorization: `Bearer ${await h.login('foms')}` } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as never);
    const sheet = wb.worksheets[0];
    const rows = [...Array(sheet.rowCount).keys()].map((i) => (sheet.getRow(i + 1).values as unknown[]).slice(1));
    const states = rows.filter((r) => r[0] === 'Сводный отчёт' || String(r[0]).startsWith('Регионов'));
    const byLabel = new Map(rows.filter((r) => typeof r[1] === 'number' && r[0] && typeof r[0] === 'string' && !String(r[0]).startsWith('Итого')).map((r) => [r[0] as string, r[1] as number]));
    expect(states.length + byLabel.size).toBeGreaterThan(0);
    expect(byLabel.get('представлен в срок')).toBe(1);
    expect(byLabel.get('представлен с опозданием')).toBe(1);
    expect(byLabel.get('не представлен')).toBe(1);
    expect(byLabel.get('ожидается')).toBe(1);
    expect(byLabel.get('отчёт не требовался')).toBe(2);
    expect(byLabel.get('дорожная карта не утверждена')).toBe(1);
    expect(byLabel.get('дорожная карта не представлена')).toBe(23);
    expect(byLabel.get('Всего регионов')).toBe(30);
    // The escalations, in the last column: rung, whom, when (Moscow).
    const ekb = rows.find((r) => r[1] === 'Свердловская область')!;
    expect(String(ekb.at(-1))).toMatch(/^координатор мониторинга: Уральцева Марина Викторовна — \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}; директор ТФОМС: Шелякин/);
    expect(rows.find((r) => r[1] === 'Сахалинская область')!.length).toBeLessThan(ekb.length);
  });

  it('the page’s totals line adds up to 30', async () => {
    const { page, context } = await signIn(browser, h.baseUrl, 'foms');
    await page.goto(`/pilot/weeks/${week}`);
    const counts = await page.locator('[data-total]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-total'), Number(e.getAttribute('data-count'))]));
    const m = Object.fromEntries(counts);
    expect(m).toMatchObject({ on_time: 1, late: 1, missing: 1, pending: 1, not_due: 2, not_monitored: 1, no_roadmap: 23 });
    expect(Object.values(m).reduce((a: number, b) => a + (b as number), 0)).toBe(30);
    // The escalations are on the page: which rung reached whom, when.
    expect(await page.locator('li[data-region="66"] [data-escalations]').innerText()).toMatch(/координатор мониторинга .+, \d{2}\.\d{2} \d{2}:\d{2} МСК; директор ТФОМС Шелякин Валерий Александрович/);
    expect(await page.locator('li[data-region="65"] [data-escalations]').count()).toBe(0);
    // Late and pending differ in colour and in shape, not by the words alone; «утверждена после срока» says whose.
    const mark = (code: string) =>
      page.locator(`li[data-region="${code}"] [data-light]`).evaluate((e) => [e.getAttribute('data-light'), e.querySelector('[data-mark]')!.getAttribute('data-mark'), getComputedStyle(e.querySelector('[data-mark]')!).backgroundColor]);
    const [late, pending] = [await mark('72'), await mark('39')];
    expect(late.slice(0, 2)).toEqual(['yellow', 'disc']);
    expect(pending.slice(0, 2)).toEqual(['blue', 'ring']);
    expect(pending[2]).not.toBe(late[2]);
    expect(await page.locator('li[data-region="52"] .state').innerText()).toBe('отчёт не требовался: утверждена после срока отчёта этой недели');
    // Every state and the escalations still fit about two laptop screens at 1366 wide…
    await page.setViewportSize({ width: 1366, height: 768 });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height, `cockpit height ${height}px`).toBeLessThanOrEqual(1800);
    await screenshot(page, 'federal-week-every-state');
    // Accessible: no axe-core finding (WCAG 2 A, AA) on the cockpit nor on a region page.
    for (const path of [`/pilot/weeks/${week}`, `/pilot/regions/66?week=${week}`]) {
      await page.goto(path);
      await expectAccessible(page);
    }
    await page.goto(`/pilot/weeks/${week}`);
    // …and read on a phone without sideways scroll.
    await page.setViewportSize({ width: 390, height: 844 });
    const { scroll, client, wide } = await page.evaluate(() => {
      const w = document.documentElement.clientWidth;
      const over = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > w + 1).slice(0, 5);
      return { scroll: document.documentElement.scrollWidth, client: w, wide: over.map((e) => `${e.tagName}.${e.className} ${e.textContent?.slice(0, 40)}`) };
    });
    expect(scroll, wide.join(' | ')).toBeLessThanOrEqual(client);
    await screenshot(page, 'federal-week-every-state-phone');
    await context.close();
  });

  it('nobody is escalated for a report that was not owed: monitoring starting next week, approval after the due time', async () => {
    expect((await rungsOf('66')).map((e) => e.payload.rung.rungId)).toEqual(['coordinator', 'director', 'curator']);
    expect(await rungsOf('65')).toHaveLength(0);
    expect(await rungsOf('52')).toHaveLength(0);
    const inbox = await get('sakh-coordinator', '/api/notifications');
    expect(inbox.body.notifications.filter((n: any) => n.kind === 'federal_report_late')).toHaveLength(0);
  });

  it('the 12-week trend says of this week what the week says: a report not owed is «не ожидался», never «не представлен»', async () => {
    const [weekView, trend] = await Promise.all([get('foms', `/api/pilot/weeks/${week}`), get('foms', '/api/pilot/trend')]);
    expect(trend.status).toBe(200);
    const column = trend.body.weeks.indexOf(week);
    expect(column).toBeGreaterThanOrEqual(0);
    const asTrend: Record<string, string> = { on_time: 'on_time', late: 'late', missing: 'missing', pending: 'pending', not_due: 'none', not_monitored: 'none', no_roadmap: 'none' };
    const disagree = weekView.body.regions
      .map((r: any) => [r.regionCode, asTrend[r.report.status], trend.body.regions.find((t: any) => t.regionCode === r.regionCode)?.weeks[column].status])
      .filter(([, want, got]: string[]) => want !== got);
    expect(disagree).toEqual([]);
    // 65 (monitoring starts next week) and 52 (approved after the due time) were owed nothing: out of the share on time.
    expect(trend.body.share[column]).toMatchObject({ onTime: 1, late: 1, missing: 1, pending: 1 });
  });

  it('a past week shows what was owed then: years before the road maps, no region is missing', async () => {
    const res = await get('foms', '/api/pilot/weeks/2020-W53');
    expect(res.status).toBe(200);
    expect(res.body.regions.filter((r: any) => r.report.status !== 'no_roadmap').map((r: any) => r.regionCode)).toEqual([]);
    expect(res.body.totals.withoutRoadMap).toBe(30);
  });

  it('ФОМС does not see the СМО form of a consolidated report the coordinator has not submitted; the region does', async () => {
    const kldCoordinator = await h.login('kld-coordinator');
    await eventually(() => h.call('GET', `/api/monitoring/periods/${pendingPeriodId}/consolidated`, { token: kldCoordinator }), (x) => x.status === 200, 30_000);
    expect((await get('foms', `/api/monitoring/periods/${pendingPeriodId}/consolidated`)).status).toBe(403);
    const foms = await get('foms', `/api/pilot/weeks/${week}`);
    const kld = foms.body.regions.find((r: any) => r.regionCode === '39');
    expect(kld.smoForm).toBeNull();
    const xlsx = await fetch(`${h.baseUrl}/api/pilot/weeks/${week}/summary.xlsx`, { headers: { authorization: `Bearer ${await h.login('foms')}` } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as never);
    const sheet = wb.worksheets[0];
    const row = [...Array(sheet.rowCount).keys()].map((i) => (sheet.getRow(i + 1).values as unknown[]).slice(1)).find((v) => v[1] === 'Калининградская область')!;
    expect(row).not.toContain(1400);
    const { page, context } = await signIn(browser, h.baseUrl, 'foms');
    await page.goto(`/pilot/regions/39?week=${week}`);
    expect(await page.locator('main').innerText()).not.toContain('1400');
    await context.close();
    // The region's own coordinator sees its draft figures.
    const own = await get('kld-coordinator', `/api/pilot/weeks/${week}`);
    expect(own.status).toBe(200);
    expect(own.body.regions.find((r: any) => r.regionCode === '39').smoForm).toMatchObject({ notified: 1400 });
    // Nor through the road map's audit trail, whose report events carry the texts: the region sees them, ФОМС not yet.
    const [{ roadmap_id: kldRoadMap }] = await h.sql<{ roadmap_id: string }[]>`select roadmap_id from reporting_periods where id = ${pendingPeriodId}`;
    const reportEvents = async (login: string) => {
      const res = await get(login, `/api/roadmaps/${kldRoadMap}/events?limit=1000`);
      expect(res.status, login).toBe(200);
      return res.body.events.filter((e: any) => e.subject === pendingPeriodId && e.type.startsWith('monitoring.'));
    };
    expect((await reportEvents('kld-coordinator')).map((e: any) => e.type)).toContain('monitoring.report_submitted');
    expect(await reportEvents('foms')).toEqual([]);
  });

  it('the escalation’s link opens for those who get it: the region’s coordinator and its director who curates nothing', async () => {
    for (const login of ['sakh-coordinator', 'sakh-director', 'kld-coordinator']) {
      const res = await get(login, `/api/pilot/weeks/${week}`);
      expect(res.status, login).toBe(200);
      expect(res.body.regions.map((r: any) => r.regionCode), login).toEqual([login.startsWith('sakh') ? '65' : '39']);
    }
    const { page, context } = await signIn(browser, h.baseUrl, 'sakh-director');
    const res = await page.goto(`/pilot/weeks/${week}`);
    expect(res?.status()).toBe(200);
    expect(await page.locator('[data-region="65"]').count()).toBe(1);
    await context.close();
    // Still nothing beyond their own region, and no other region's staff.
    expect((await get('sakh-director', `/api/pilot/regions/66?week=${week}`)).status).toBe(403);
    expect((await get('smo', `/api/pilot/weeks/${week}`)).status).toBe(403);
  });
});
