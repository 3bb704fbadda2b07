import { expect } from 'vitest';
import type { MonitoringPolicyInput } from '../../domain/monitoring-policy.js';
import { pilotDemoRegions } from '../../infra/demo/pilot-regions.js';
import { pilotDemoDocument } from '../../infra/demo/pilot-roadmaps.js';
import { eventually, type Harness } from '../support/harness.js';

export const pilotRegion = (code: string) => pilotDemoRegions.find((r) => r.code === code)!;

/** A week of seconds: the period opens on approval, reports due after 2 s, reception closes after 4 s and the report is compiled. */
export const secondsWeek: MonitoringPolicyInput = {
  fastCycle: { periodLength: 'PT30M', dueAfter: 'PT2S', cutoffAfter: 'PT4S' },
  lateReports: { rungs: [{ id: 'late', kind: 'escalation', offset: 'PT0S', notify: ['executor'] }] },
};

/** A pilot region's demo road map, drafted by its coordinator and approved by its director through the API; returns its first period. */
export async function approvedPilotRoadMap(h: Harness, code: string, monitoring: MonitoringPolicyInput = secondsWeek) {
  const r = pilotRegion(code);
  const doc = { ...pilotDemoDocument(r, new Date().toISOString().slice(0, 10)), monitoring };
  const coordinator = await h.login(r.coordinator[0]);
  const created = await h.call('POST', '/api/roadmaps', { token: coordinator, body: doc });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.roadMapId as string;
  expect((await h.call('POST', `/api/roadmaps/${id}/submit`, { token: coordinator })).status).toBe(200);
  const approved = await h.call('POST', `/api/roadmaps/${id}/approve`, { token: await h.login(r.director[0]) });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  const periods = await eventually(() => h.call('GET', `/api/monitoring/periods?roadmap=${id}`, { token: coordinator }), (x) => x.body.periods?.length === 1, 30_000);
  return { roadMapId: id, periodId: periods.body.periods[0].id as string, coordinator };
}

/** Waits for the period's compilation (at the cut-off), then the coordinator submits it to ФОМС. */
export async function submitConsolidated(h: Harness, periodId: string, coordinator: string) {
  await eventually(() => h.call('GET', `/api/monitoring/periods/${periodId}/consolidated`, { token: coordinator }), (x) => x.status === 200, 30_000);
  const res = await h.call('POST', `/api/monitoring/periods/${periodId}/consolidated/submit`, { token: coordinator, body: { comment: '' } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { submittedAt: string };
}
