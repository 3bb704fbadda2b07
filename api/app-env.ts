import type { Client } from '@temporalio/client';
import type postgres from 'postgres';
import type { Actor } from '../domain/actor.js';

export interface ApiDeps {
  sql: postgres.Sql;
  temporal: Client;
  taskQueue: string;
  temporalUiUrl: string | null;
  /** Session lifetime; tokens expire. */
  tokenTtlMs?: number;
  /** Executions per launch activity for road maps created through this API (tests cut launches short). */
  launchBatchSize?: number;
}

export type AppEnv = { Variables: { actor: Actor } };
