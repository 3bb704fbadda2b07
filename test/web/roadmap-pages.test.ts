import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { eventually, type Harness } from '../support/harness.js';
import { csrfOf, postForm, screenshot, signIn } from '../support/browser.js';
import { browserSuite } from '../support/browser-suite.js';
import { expectAccessible } from '../support/accessibility.js';
import { demoDocument, smallDocument } from '../support/fixtures.js';
import { ITEMS_SHOWN } from '../../web/roadmap/roadmap-view.js';
import type { RoadMapDocumentInput } from '../../domain/roadmap.js';

let h: Harness;
let browser: Browser;
browserSuite((harness, b) => {
  h = harness;
  browser = b;
});

async function submitted(doc: RoadMapDocumentInput) {
  const coordinator = await h.login('coordinator');
  const created = await h.call('POST', '/api/roadmaps', { token: coordinator, body: doc });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.roadMapId as string;
  expect((await h.call('POST', `/api/roadmaps/${id}/submit`, { token: coordinator })).status).toBe(200);
  return id;
}

describe('the director\'s road-map page', () => {
  it('the director finds the submitted demo road map in «Мои задачи», approves it on its page, and its dashboard fills', async () => {
    const id = await submitted(demoDocument());
    const director = await signIn(browser, h.baseUrl, 'director');
    const { page } = director;
    await expectAccessible(page);
    // «Мои задачи» lists the road map waiting for the director's decision.
    const waiting = page.locator('#roadmap-work').locator('..');
    expect(await waiting.innerText()).toContain('Утвердить или вернуть на доработку');
    await waiting.locator(`a[href="/roadmaps/${id}"]`).click();
    await page.waitForURL((u) => u.pathname === `/roadmaps/${id}`);
    expect(await page.locator('#roadmap-status').innerText()).toBe('на утверждении');
    await expectAccessible(page);
    // The plan by direction, with local dates (ДД.ММ.ГГГГ).
    expect(await page.locator('section h3').count()).toBeGreaterThan(5);
    expect(await page.locator('main').innerText()).toMatch(/\d{2}\.\d{2}\.2017/);

    await page.getByRole('button', { name: 'Утвердить' }).click();
    await page.waitForURL((u) => u.searchParams.get('ok') === 'approved');
    expect(await page.locator('.flash').innerText()).toContain('утверждена');
    expect(await page.locator('#roadmap-status').innerText()).toBe('утверждена');
    await expectAccessible(page);
    await screenshot(page, 'roadmap-approved');

    await eventually(
      async () => (await h.sql<{ n: number }[]>`select count(*)::int as n from item_executions where roadmap_id = ${id}`)[0].n,
      (n) => n === 160,
    );
    await page.getByRole('link', { name: 'Ход исполнения' }).click();
    await page.waitForURL((u) => u.pathname === `/roadmaps/${id}/dashboard`);
    expect(await page.locator('#totals').innerText()).toContain('Исполнений: 160');
    expect(await page.locator('#direction-chart g').count()).toBeGreaterThan(5);
    expect(await page.locator('#mo-chart g').count()).toBeGreaterThan(1);
    expect(await page.locator('#indicators-chart g').count()).toBeGreaterThan(0);
    // Targets with a decimal comma («≤12,1», «≤ 195,2 случаев…»), in the chart and in its table, never «12.1».
    const indicators = (await page.locator('section[aria-labelledby="indicators-title"]').textContent())!;
    expect(indicators).toMatch(/≤ ?\d+,\d/);
    expect(indicators).not.toMatch(/[≤≥] ?\d+\.\d/);
    await expectAccessible(page);
    await screenshot(page, 'roadmap-dashboard');
    await director.context.close();
  });

  it('an amendment shows its differences; an empty return comment is refused in Russian next to the field; then it is returned', async () => {
    // A small road map: its few executions keep the approval quick; the diff is the point here.
    const id = await submitted(smallDocument());
    const coordinator = await h.login('coordinator');
    expect((await h.call('POST', `/api/roadmaps/${id}/approve`, { token: await h.login('director') })).status).toBe(200);
    const amended = smallDocument();
    amended.title = 'Дорожная карта (редакция 2)';
    amended.directions[0].items[0].deadline = { date: '2017-03-10' };
    amended.directions[0].items.push({ ...amended.directions[0].items[0], id: 'tfoms-roadmap-new', title: 'Новое мероприятие редакции 2' });
    expect((await h.call('POST', `/api/roadmaps/${id}/versions`, { token: coordinator, body: { document: amended } })).status).toBe(201);
    expect((await h.call('POST', `/api/roadmaps/${id}/submit`, { token: coordinator })).status).toBe(200);

    const director = await signIn(browser, h.baseUrl, 'director');
    const { page } = director;
    await page.goto(`/roadmaps/${id}`);
    await expectAccessible(page);
    const diff = await page.locator('#diff').innerText();
    expect(diff).toContain('Новое мероприятие редакции 2');
    expect(diff).toContain('10.03.2017');
    expect(diff).toContain('Дорожная карта (редакция 2)');

    await page.getByRole('button', { name: 'Вернуть на доработку' }).click();
    await page.waitForLoadState();
    const field = page.locator('#f-return-comment');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-return-comment-error').innerText()).toContain('укажите причину возврата');
    expect(await page.locator('.alert[role=alert]').innerText()).toContain('Исправьте ошибки');
    await expectAccessible(page);
    await screenshot(page, 'roadmap-return-empty-comment');

    await field.fill('Уточните сроки по первому направлению');
    await page.getByRole('button', { name: 'Вернуть на доработку' }).click();
    await page.waitForURL((u) => u.searchParams.get('ok') === 'roadmap_returned');
    expect(await page.locator('#roadmap-status').innerText()).toBe('проект');
    expect(await page.locator('main').innerText()).toContain('Уточните сроки по первому направлению');
    await expectAccessible(page);
    await director.context.close();
  });

  it('someone who is not the director sees no approval buttons, and a forged approval is refused', async () => {
    const id = await submitted(smallDocument());
    const coordinator = await signIn(browser, h.baseUrl, 'coordinator');
    const { page } = coordinator;
    await page.goto(`/roadmaps/${id}`);
    await expectAccessible(page);
    expect(await page.getByRole('button', { name: 'Утвердить' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Вернуть на доработку' }).count()).toBe(0);

    const csrf = await csrfOf(page);
    const forged = await postForm(coordinator, `/roadmaps/${id}/approve`, { _csrf: csrf });
    expect(forged.status).toBe(403);
    // The rule's message, shown on its own, starts as a sentence.
    expect(forged.text).toContain('Утверждает дорожную карту только директор ТФОМС');
    const noToken = await postForm(coordinator, `/roadmaps/${id}/approve`, {});
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain('Форма отклонена');
    expect((await h.sql`select status from roadmaps where id = ${id}`)[0].status).toBe('submitted');

    await page.goto(`/roadmaps/${id}`);
    await page.setContent(forged.text);
    await screenshot(page, 'roadmap-forged-approval-refused');
    await coordinator.context.close();
  });
});

describe('a large road map\'s page', () => {
  it('shows a direction\'s first items with a link to all of them, which shows every one', async () => {
    const doc = smallDocument();
    const [first] = doc.directions[0].items;
    const many = ITEMS_SHOWN + 7;
    doc.directions[0].items = Array.from({ length: many }, (_, i) => ({ ...first, id: `bulk-${i + 1}`, title: `Мероприятие № ${i + 1}` }));
    const coordinator = await h.login('coordinator');
    const created = await h.call('POST', '/api/roadmaps', { token: coordinator, body: doc });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.roadMapId as string;

    const { page } = await signIn(browser, h.baseUrl, 'coordinator');
    await page.goto(`${h.baseUrl}/roadmaps/${id}`);
    const direction = page.locator('section[aria-labelledby="dir-d1"]');
    expect(await direction.locator('tbody tr').count()).toBe(ITEMS_SHOWN);
    expect(await direction.innerText()).toContain(`Показаны первые ${ITEMS_SHOWN} из ${many} мероприятий направления`);
    expect(await direction.locator('tbody tr').last().innerText()).toContain(`Мероприятие № ${ITEMS_SHOWN}
`);
    await expectAccessible(page);

    await direction.getByRole('link', { name: 'Показать все мероприятия' }).click();
    await page.waitForURL((u) => u.searchParams.get('items') === 'all');
    expect(await direction.locator('tbody tr').count()).toBe(many);
    expect(await direction.innerText()).toContain(`Мероприятие № ${many}`);
    expect(await direction.innerText()).not.toContain('Показаны первые');
    await expectAccessible(page);
  });
});
