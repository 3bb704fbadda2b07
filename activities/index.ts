import type { Client } from '@temporalio/client';
import type postgres from 'postgres';
import type { Activities } from './activity-types.js';
import { cancelRemovedExecutions } from './cancel-removed-executions.js';
import { appendEvents } from './event-store.js';
import { launchExecutions } from './launch-executions.js';

export interface ActivityDeps {
  sql: postgres.Sql;
  client: Client;
  taskQueue: string;
}

/** Binds the activities to this process's database and Temporal client. */
export function createActivities(deps: ActivityDeps): Activities {
  return {
    recordEvents: async (events) => {
      await appendEvents(deps.sql, events);
    },
    launchExecutions: (batch) => launchExecutions(deps, batch),
    cancelRemovedExecutions: (input) => cancelRemovedExecutions(deps, input),
  };
}
