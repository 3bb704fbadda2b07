import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeekOf } from '../../domain/federal/iso-week.js';
import { pilotProgramme } from '../../domain/federal/pilot.js';
import { seedPilotDemo } from '../../infra/seed-pilot-demo.js';
import { launchBrowser, screenshot, signIn } from '../support/browser.js';
import { startHarness, type Harness } from '../support/harness.js';
import { expectAccessible } from '../support/accessibility.js';

let h: Harness;
let browser: Browser;
beforeAll(async () => {
  [h, browser] = await Promise.all([startHarness(), launchBrowser()]);
  await seedPilotDemo({ sql: h.sql, temporal: h.env.client, taskQueue: h.taskQueue });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const lastWeek = () => isoWeekOf(new Date(Date.now() - 7 * 86_400_000), 'Europe/Moscow');
const get = async (login: string, path: string) => h.call('GET', path, { token: await h.login(login) });

describe('federal routes: who sees what', () => {
  it('GET /api/regions: 85 subjects with district, zone and pilot group', async () => {
    const res = await get('yar-coordinator', '/api/regions');
    expect(res.status).toBe(200);
    expect(res.body.regions).toHaveLength(85);
    expect(res.body.regions.find((r: any) => r.code === '65')).toEqual({
      code: '65', name: 'Сахалинская область', federalDistrict: 'ДФО', timeZone: 'Asia/Sakhalin', pilotGroup: { id: 'ufo-sfo-dfo', number: 4, title: 'УФО, СФО и ДФО' },
    });
    expect(res.body.regions.find((r: any) => r.code === '57').pilotGroup).toBeNull();
    expect(res.body.regions.filter((r: any) => r.pilotGroup)).toHaveLength(30);
  });

  it('ФОМС sees all 30 regions, a curator only their groups, region staff and a director who curates nothing get 403', async () => {
    const foms = await get('foms', `/api/pilot/weeks/${lastWeek()}`);
    expect(foms.status).toBe(200);
    expect(foms.body.regions).toHaveLength(30);
    const curator = await get('curator', '/api/pilot');
    expect(curator.body.groups.map((g: any) => g.regions.length)).toEqual([13, 6, 4, 7]);

    const pushkov = await get('pushkov', `/api/pilot/weeks/${lastWeek()}`);
    expect(pushkov.status).toBe(200);
    expect(pushkov.body.regions.map((r: any) => r.regionCode).sort()).toEqual([...pilotProgramme.groups[0].regionCodes].sort());
    const pilot = await get('shelyakin', '/api/pilot');
    expect(pilot.body.groups.map((g: any) => [g.id, g.curator.personId])).toEqual([['ufo-sfo-dfo', 'shelyakin']]);
    expect(pilot.body.presentedBy.name).toBe('С.Г. Кравчук');

    for (const login of ['yar-coordinator', 'sakh-director', 'director', 'smo']) {
      for (const path of ['/api/pilot', `/api/pilot/weeks/${lastWeek()}`, `/api/pilot/weeks/${lastWeek()}/summary.xlsx`]) {
        const res = await get(login, path);
        expect(res.status, `${login} ${path}`).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
      }
    }
    // A curator reads a group region's road map; a region's own people still see only their region.
    expect((await get('shelyakin', '/api/roadmaps/rm-pilot-65')).status).toBe(200);
    // (Another region's road map answers as a missing one: 404.)
    expect((await get('pushkov', '/api/roadmaps/rm-pilot-65')).status).toBe(404);
    expect((await get('sakh-coordinator', '/api/roadmaps/rm-pilot-66')).status).toBe(404);
    // Reading is all, and a region outside the curator's groups is not even there for him (404).
    expect((await h.call('POST', '/api/roadmaps/rm-pilot-39/approve', { token: await h.login('pushkov') })).status).toBe(404);
  });

  it('a malformed week is a 400 naming the field', async () => {
    const res = await get('foms', '/api/pilot/weeks/2026-49');
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('week');
  });

  it('the summary XLSX over the API', async () => {
    const res = await fetch(`${h.baseUrl}/api/pilot/weeks/${lastWeek()}/summary.xlsx`, { headers: { authorization: `Bearer ${await h.login('foms')}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as never);
    const sheet = wb.worksheets[0];
    const ekb = [...Array(sheet.rowCount).keys()].map((i) => sheet.getRow(i + 1).values as unknown[]).find((v) => v[2] === 'Свердловская область')!;
    expect(ekb.slice(14)).toEqual([9, 1500, 570, 38]);
  });
});

describe('the federal page (Chromium)', () => {
  it('ФОМС: groups → districts → a traffic light per region → the region → its dashboard', async () => {
    const { page, context } = await signIn(browser, h.baseUrl, 'foms');
    await page.getByRole('link', { name: 'Пилотные регионы' }).click();
    await page.goto(`/pilot/weeks/${lastWeek()}`);
    await expectAccessible(page);
    expect(await page.locator('section[data-group]').count()).toBe(4);
    expect(await page.locator('table[data-district]').count()).toBe(8);
    const ekb = page.locator('tr[data-region="66"]');
    expect(await ekb.locator('[data-light]').getAttribute('data-light')).toBe('yellow');
    expect(await ekb.innerText()).toContain('представлен с опозданием');
    expect(await page.locator('tr[data-region="31"]').innerText()).toContain('дорожная карта не представлена');
    await screenshot(page, 'federal-week');
    await ekb.getByRole('link', { name: 'Свердловская область' }).click();
    await page.waitForURL((u) => u.pathname === '/pilot/regions/66');
    await expectAccessible(page);
    // The region's time as Russian documents say it (Екатеринбург: МСК+2), not an IANA id.
    expect(await page.locator('main').innerText()).toContain('время МСК+2');
    expect(await page.locator('main').innerText()).not.toContain('Asia/Yekaterinburg');
    expect(await page.locator('[data-roadmap-status]').innerText()).toBe('утверждена');
    expect(await page.locator('[data-executions]').innerText()).toMatch(/просрочено [1-9]/);
    await page.getByRole('link', { name: 'Ход исполнения' }).click();
    await page.waitForURL((u) => u.pathname === '/roadmaps/rm-pilot-66/dashboard');
    expect(await page.locator('h1').innerText()).toBe('Ход исполнения');
    await expectAccessible(page);
    expect(await page.title()).toContain('Свердловской');
    await context.close();
  });

  it('a curator sees their groups only; a director who curates nothing is refused', async () => {
    const curator = await signIn(browser, h.baseUrl, 'semenyuk');
    await curator.page.goto(`/pilot/weeks/${lastWeek()}`);
    expect(await curator.page.locator('tr[data-region]').count()).toBe(4);
    await curator.context.close();
    const director = await signIn(browser, h.baseUrl, 'sakh-director');
    expect(await director.page.getByRole('link', { name: 'Пилотные регионы' }).count()).toBe(0);
    const res = await director.page.goto(`/pilot/weeks/${lastWeek()}`);
    expect(res?.status()).toBe(403);
    await director.context.close();
  });
});
