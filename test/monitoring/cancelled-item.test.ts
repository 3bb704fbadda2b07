import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelExecutionUpdate } from '../../workflows/messages.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { executorReport, fastWeek, monitoredRoadMap, smoReport } from './monitoring-fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('an item cancelled during the week', () => {
  it('shows «отменено» in the consolidated report and its reporter is not counted as missing', async () => {
    const { roadMapId, periodId, mos } = await monitoredRoadMap(h, fastWeek({ dueAfter: 'PT5S', cutoffAfter: 'PT10S' }));
    // smo2's only item is dropped after the week opened (as an amendment's launch does: the same Update).
    const dropped = await h.sql<{ id: string; workflow_id: string }[]>`select id, workflow_id from item_executions where roadmap_id = ${roadMapId} and item_id = 'inform-2'`;
    expect(dropped).toHaveLength(2);
    for (const e of dropped) {
      await h.env.client.workflow.getHandle(e.workflow_id).executeUpdate(cancelExecutionUpdate, { args: [{ reason: 'мероприятие исключено', version: 2 }] });
    }
    const coordinator = await h.login('coordinator');
    expect((await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: await h.login('executor'), body: executorReport })).status).toBe(200);
    expect((await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: await h.login('smo'), body: smoReport(mos) })).status).toBe(200);

    const compiled = await eventually(
      () => h.call('GET', `/api/monitoring/periods/${periodId}/consolidated`, { token: coordinator }),
      (r) => r.status === 200 && r.body.report.reason === 'cutoff',
      40_000,
    );
    const report = compiled.body.report;
    expect(report.totals).toMatchObject({ reporters: 2, onTime: 2, missing: 0, pending: 0, lines: 5, reportedLines: 5 });
    expect(report.reporters.map((r: any) => r.personId).sort()).toEqual(['executor', 'smo']);
    const cancelled = report.lines.filter((l: any) => l.itemId === 'inform-2');
    expect(cancelled).toHaveLength(2);
    for (const l of cancelled) {
      expect(l.executionStatus).toBe('cancelled');
      expect(l.deadlineAt).not.toBeNull();
      expect(l.overdue).toBe(false);
    }
    const csv = await (await fetch(`${h.baseUrl}/api/monitoring/periods/${periodId}/consolidated.csv`, { headers: { authorization: `Bearer ${coordinator}` } })).text();
    expect(csv).not.toContain('отчёт не представлен');
    expect(csv.split('\r\n').filter((r) => r.includes('Беловежская Ирина Константиновна') && r.includes('отменено'))).toHaveLength(2);
  });

  it('a reporter whose only item was dropped owes nothing: not escalated, not missing in the discipline figures, not in the consolidated report', async () => {
    const { roadMapId, periodId, mos } = await monitoredRoadMap(h, fastWeek({ dueAfter: 'PT6S', cutoffAfter: 'PT12S' }));
    const dropped = await h.sql<{ workflow_id: string }[]>`select workflow_id from item_executions where roadmap_id = ${roadMapId} and item_id = 'inform-2'`;
    for (const e of dropped) {
      await h.env.client.workflow.getHandle(e.workflow_id).executeUpdate(cancelExecutionUpdate, { args: [{ reason: 'мероприятие исключено', version: 2 }] });
    }
    // executor reports, smo does not (the ladder has someone to escalate), smo2 owes nothing.
    expect((await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: await h.login('executor'), body: executorReport })).status).toBe(200);
    void mos;
    const coordinator = await h.login('coordinator');
    const compiled = await eventually(
      () => h.call('GET', `/api/monitoring/periods/${periodId}/consolidated`, { token: coordinator }),
      (r) => r.status === 200 && r.body.report.reason === 'cutoff',
      40_000,
    );
    expect(compiled.body.report.reporters.map((r: any) => r.personId).sort()).toEqual(['executor', 'smo']);
    const rungs = await h.sql<{ payload: any }[]>`select payload from events where subject = ${periodId} and type = 'monitoring.report_rung_fired' order by seq`;
    expect(rungs.length).toBeGreaterThan(0);
    for (const r of rungs) expect(r.payload.outstanding).toEqual(['smo']);
    const discipline = await h.call('GET', `/api/monitoring/discipline?roadmap=${roadMapId}`, { token: coordinator });
    expect(discipline.status).toBe(200);
    const smo2 = discipline.body.persons.find((p: any) => p.personId === 'smo2');
    expect(smo2?.reports.missing ?? 0).toBe(0);
    expect(discipline.body.persons.find((p: any) => p.personId === 'smo').reports.missing).toBe(1);
  });
});
