import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeekOf } from '../../domain/federal/iso-week.js';
import { pilotProgramme } from '../../domain/federal/pilot.js';
import { seedPilotDemo } from '../../infra/demo/seed-pilot-demo.js';
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

    // A region's own ТФОМС people (whom its escalations reach) see their own region only.
    for (const [login, code] of [['yar-coordinator', '76'], ['sakh-director', '65']]) {
      const week = await get(login, `/api/pilot/weeks/${lastWeek()}`);
      expect(week.status, login).toBe(200);
      expect(week.body.regions.map((r: any) => r.regionCode)).toEqual([code]);
      expect((await get(login, '/api/pilot')).body.groups.flatMap((g: any) => g.regions.map((r: any) => r.code))).toEqual([code]);
      expect((await get(login, `/api/pilot/regions/${code}`)).status).toBe(200);
      expect((await get(login, '/api/pilot/regions/66')).status).toBe(403);
    }
    // Methodological support of the pilot (seed 000): all 30 regions.
    expect((await get('grozdova', `/api/pilot/weeks/${lastWeek()}`)).body.regions).toHaveLength(30);
    for (const login of ['director', 'smo']) {
      for (const path of ['/api/pilot', `/api/pilot/weeks/${lastWeek()}`, `/api/pilot/weeks/${lastWeek()}/summary.xlsx`, '/api/pilot/regions/65']) {
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
    // Named by the week's dates in Russian (RFC 5987), not «pilot-2026-W49.xlsx».
    expect(decodeURIComponent(res.headers.get('content-disposition')!.split("UTF-8''")[1])).toMatch(/^Пилот — неделя \d{2}\.\d{2}–\d{2}\.\d{2}\.\d{4}\.xlsx$|^Пилот — неделя \d{2}\.\d{2}\.\d{4}–\d{2}\.\d{2}\.\d{4}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as never);
    const sheet = wb.worksheets[0];
    const ekb = [...Array(sheet.rowCount).keys()].map((i) => sheet.getRow(i + 1).values as unknown[]).find((v) => v[2] === 'Свердловская область')!;
    expect(ekb.slice(14)).toEqual([9, 1500, 570, 38]);
  });
});

describe('the federal page (Chromium)', () => {
  it('ФОМС lands on the cockpit: summary by traffic light, one line per region by curator and district → the region → its dashboard', async () => {
    const { page, context } = await signIn(browser, h.baseUrl, 'foms');
    // No empty «Мои задачи»: ФОМС lands on this week's cockpit.
    expect(new URL(page.url()).pathname).toMatch(/^\/pilot\/weeks\/\d{4}-W\d{2}$/);
    await page.goto(`/pilot/weeks/${lastWeek()}`);
    expect(await page.locator('h1').innerText()).toMatch(/^Пилотные регионы: неделя \d{2}\.\d{2}–\d{2}\.\d{2}\.\d{4}$/);
    await expectAccessible(page);
    expect(await page.locator('section[data-group]').count()).toBe(4);
    expect(await page.locator('[data-district]').count()).toBe(8);
    expect(await page.locator('li[data-region]').count()).toBe(30);
    const counts = await page.locator('[data-total]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
    const ekb = page.locator('li[data-region="66"]');
    expect(await ekb.locator('[data-light]').getAttribute('data-light')).toBe('yellow');
    expect(await ekb.innerText()).toContain('представлен с опозданием');
    // Зоны как МСК±N; местное время — только где отличается от московского.
    expect(await ekb.innerText()).toContain('МСК+2');
    expect(await ekb.innerText()).toMatch(/срок \d{2}\.\d{2} 16:00 МСК \(18:00 местн\.\)/);
    expect(await page.locator('li[data-region="76"]').innerText()).not.toContain('местн.');
    expect(await page.locator('li[data-region="31"]').innerText()).toContain('дорожная карта не представлена');
    expect(await page.locator('a[href="/pilot/trend"]').count()).toBe(1);
    expect(await page.locator('a[href="/pilot/readiness"]').count()).toBe(1);
    // About two laptop screens at 1366 wide.
    await page.setViewportSize({ width: 1366, height: 768 });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height, `cockpit height ${height}px`).toBeLessThanOrEqual(1800);
    await screenshot(page, 'federal-week');
    // Last week as it was: Свердловская's executions had not started yet.
    await ekb.getByRole('link', { name: 'Свердловская область' }).click();
    await page.waitForURL((u) => u.pathname === '/pilot/regions/66');
    expect(await page.locator('[data-executions]').innerText()).toBe('исполнение не начато');
    // Percentages with a decimal comma, as the consolidated report writes them.
    expect(await page.locator('[data-smo-form]').innerText()).toMatch(/эффективность информирования \d+(,\d)? %$/);
    // The region's consolidated report, read in Moscow: every time names its zone (Екатеринбург: МСК+2).
    const consolidated = (await page.getByRole('link', { name: 'Сводный отчёт региона' }).getAttribute('href'))!;
    await page.goto(consolidated);
    const facts = await page.locator('main dl.facts').first().innerText();
    expect(facts).toMatch(/срок представления \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(МСК\+2\)/);
    expect(facts).toMatch(/Сформирован\s+\d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(МСК\+2\), по окончании приёма/);
    expect(await page.locator('#submission').innerText()).toMatch(/Направлен в ФОМС \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(МСК\+2\)/);
    const xlsx = await fetch(`${h.baseUrl}/api${consolidated}.xlsx`, { headers: { authorization: `Bearer ${await h.login('foms')}` } });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as never);
    const head = wb.getWorksheet('Сводный отчёт')!;
    expect(String(head.getCell('A4').value)).toMatch(/; срок представления отчётов: \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(МСК\+2\); приём отчётов \(с отметкой об опоздании\) до \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(МСК\+2\)$/);
    expect(String(head.getCell('A5').value)).toMatch(/^Сформирован: \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(МСК\+2\);/);
    // This week: one item overdue.
    await page.goto(`/pilot/weeks/${isoWeekOf(new Date(), 'Europe/Moscow')}`);
    await page.locator('li[data-region="66"]').getByRole('link', { name: 'Свердловская область' }).click();
    await page.waitForURL((u) => u.pathname === '/pilot/regions/66');
    await expectAccessible(page);
    // The region's time as Russian documents say it (Екатеринбург: МСК+2), not an IANA id.
    expect(await page.locator('main').innerText()).toContain('время МСК+2');
    expect(await page.locator('main').innerText()).not.toContain('Asia/Yekaterinburg');
    expect(await page.locator('[data-roadmap-status]').innerText()).toBe('утверждена');
    expect(await page.locator('[data-executions]').innerText()).toMatch(/просрочено [1-9]/);
    // One of eight overdue: «12,5 %», never «12.5 %».
    expect(await page.locator('main').innerText()).toMatch(/просрочено мероприятий: \d+(,\d)? %/);
    expect(await page.locator('main').innerText()).not.toMatch(/\d\.\d+ %/);
    await page.getByRole('link', { name: 'Ход исполнения' }).click();
    await page.waitForURL((u) => u.pathname === '/roadmaps/rm-pilot-66/dashboard');
    expect(await page.locator('h1').innerText()).toBe('Ход исполнения');
    await expectAccessible(page);
    expect(await page.title()).toContain('Свердловской');
    await context.close();
  });

  it('reads on a phone: no sideways scroll', async () => {
    const { page, context } = await signIn(browser, h.baseUrl, 'foms', { mobile: true });
    await page.goto(`/pilot/weeks/${lastWeek()}`);
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(scroll).toBeLessThanOrEqual(client);
    await screenshot(page, 'federal-week-phone');
    await context.close();
  });

  it('a curator sees their groups only; a region\'s own director sees their region; nobody else', async () => {
    const curator = await signIn(browser, h.baseUrl, 'semenyuk');
    expect(new URL(curator.page.url()).pathname).toMatch(/^\/pilot\/weeks\//);
    await curator.page.goto(`/pilot/weeks/${lastWeek()}`);
    expect(await curator.page.locator('li[data-region]').count()).toBe(4);
    await curator.context.close();
    const director = await signIn(browser, h.baseUrl, 'sakh-director');
    // Not a curator: their tasks first, the region's federal status one link away.
    expect(new URL(director.page.url()).pathname).toBe('/tasks');
    expect(await director.page.getByRole('link', { name: 'Пилотные регионы' }).count()).toBe(1);
    const res = await director.page.goto(`/pilot/weeks/${lastWeek()}`);
    expect(res?.status()).toBe(200);
    expect(await director.page.locator('li[data-region]').count()).toBe(1);
    expect((await director.page.goto('/pilot/regions/66'))?.status()).toBe(403);
    await director.context.close();
    const orel = await signIn(browser, h.baseUrl, 'director');
    expect((await orel.page.goto(`/pilot/weeks/${lastWeek()}`))?.status()).toBe(403);
    await orel.context.close();
  });
});
