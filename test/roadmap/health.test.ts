import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { inject } from 'vitest';
import { createApp } from '../../api/app.js';
import { connectDatabase } from '../../infra/database/database.js';
import { freePort } from '../../infra/startup/free-port.js';

let connection: Connection;
beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
});
afterAll(() => connection?.close());

describe('GET /health', () => {
  it('is 503 and names PostgreSQL when the database does not answer', async () => {
    const deadDb = connectDatabase(`postgres://postgres@127.0.0.1:${await freePort()}/none`);
    const app = createApp({ sql: deadDb, temporal: new Client({ connection }), taskQueue: 'x', temporalUiUrl: null });
    const res = await app.request('/health');
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.temporal).toBe('ok');
    expect(body.postgres).toMatch(/^failing/);
    await deadDb.end({ timeout: 1 });
  });

  it('is 503 and names Temporal when the server does not answer', async () => {
    const sql = connectDatabase(inject('databaseUrl'), { embedded: inject('databaseEmbedded') });
    const dead = await Connection.connect({ address: `127.0.0.1:${await freePort()}`, connectTimeout: 500 }).catch((e) => e as Error);
    // The client refuses to connect to nothing at all; a lazy connection stands in for a server gone away.
    const lazy = dead instanceof Error ? Connection.lazy({ address: `127.0.0.1:${await freePort()}` }) : dead;
    const app = createApp({ sql, temporal: new Client({ connection: lazy }), taskQueue: 'x', temporalUiUrl: null });
    const res = await app.request('/health');
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.postgres).toBe('ok');
    expect(body.temporal).toMatch(/^failing/);
    await sql.end({ timeout: 1 });
  });
});
