/** Messages of the federal weekly workflows, shared with the activities that send them. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { FederalWeekState } from '../domain/federal/federal-week-state.js';

/**
 * A region's consolidated report reached ФОМС: sent by the activity that
 * recorded it. A signal, not an Update: the sender has nothing to wait for,
 * and a repeated one changes nothing.
 */
export const regionalReportSubmittedSignal = defineSignal<[{ regionCode: string; submittedAt: string }]>('regionalReportSubmitted');
export const federalWeekStateQuery = defineQuery<FederalWeekState>('federalWeekState');
