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
}

export type AppEnv = { Variables: { actor: Actor } };
