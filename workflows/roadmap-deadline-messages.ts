/** Messages of the pilot's road-map deadline workflow, shared with the activity that sends them. */
import { defineSignal } from '@temporalio/workflow';

/**
 * A pilot region's road map was approved: sent by the activity that recorded
 * it, so the ladder stops at once (the rung re-checks the read model anyway).
 */
export const pilotRoadMapApprovedSignal = defineSignal<[{ regionCode: string }]>('pilotRoadMapApproved');
