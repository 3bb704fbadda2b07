import { parsePolicyOffset } from '../../domain/calendar/duration.js';
import type { MonitoringPolicyInput } from '../../domain/monitoring-policy.js';
import type { RoadMapDocumentInput } from '../../domain/roadmap.js';

const seconds = (ms: number) => `PT${Math.max(1, Math.round(ms / 1000))}S`;

/**
 * DEMO_MONITORING_WEEK=PT30M plays the demo road map's monitoring week in
 * that much time, so a newcomer watches it through: the first period opens
 * on approval, reports are due at 40 % of the week, the late ladder reaches
 * the reporter at once, the controlling official 10 % later, the director
 * 20 % later, and reception closes at 70 %. Unset: the real week (Monday
 * 09:00 → Friday 15:00 on the production calendar).
 */
export function withDemoMonitoring(doc: RoadMapDocumentInput, week = process.env.DEMO_MONITORING_WEEK): RoadMapDocumentInput {
  if (!week) return doc;
  const parsed = parsePolicyOffset(week);
  if (parsed.kind !== 'duration' || parsed.milliseconds < 60_000) {
    throw new RangeError(`DEMO_MONITORING_WEEK: длительность ISO 8601 не короче минуты (например PT30M), получено «${week}»`);
  }
  const w = parsed.milliseconds;
  const monitoring: MonitoringPolicyInput = {
    fastCycle: { periodLength: week, dueAfter: seconds(w * 0.4), cutoffAfter: seconds(w * 0.7) },
    lateReports: {
      rungs: [
        { id: 'remind', kind: 'reminder', offset: `-${seconds(w * 0.1)}`, notify: ['executor'] },
        { id: 'late', kind: 'escalation', offset: 'PT0S', notify: ['executor'] },
        { id: 'late-controller', kind: 'escalation', offset: seconds(w * 0.1), notify: ['controller'] },
        { id: 'late-director', kind: 'escalation', offset: seconds(w * 0.2), notify: ['director'] },
      ],
    },
  };
  return { ...doc, monitoring };
}
