/** The connection variables of a real cluster (infra/temporal/temporal-connection.ts) and the server config template. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporalConnectionOptions } from '../../infra/temporal/temporal-connection.js';
import { renderTemplate, temporalServerPorts } from '../../infra/temporal/temporal-server.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tls-'));
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};

describe('temporalConnectionOptions', () => {
  it('is plain text to TEMPORAL_ADDRESS by default', () => {
    expect(temporalConnectionOptions(undefined, { TEMPORAL_ADDRESS: 'temporal.example:7233' })).toEqual({ address: 'temporal.example:7233' });
    expect(temporalConnectionOptions(undefined, {})).toEqual({ address: '127.0.0.1:7233' });
  });

  it('reads the mTLS files, the CA and the server name', () => {
    const env = {
      TEMPORAL_TLS_CERT: file('c.pem', 'CERT'),
      TEMPORAL_TLS_KEY: file('k.pem', 'KEY'),
      TEMPORAL_TLS_CA: file('ca.pem', 'CA'),
      TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal.internal',
    };
    const o = temporalConnectionOptions('10.0.0.5:7233', env);
    expect(o.address).toBe('10.0.0.5:7233');
    expect(o.tls).toMatchObject({ serverNameOverride: 'frontend.temporal.internal' });
    const tls = o.tls as { clientCertPair: { crt: Buffer; key: Buffer }; serverRootCACertificate: Buffer };
    expect([tls.clientCertPair.crt.toString(), tls.clientCertPair.key.toString(), tls.serverRootCACertificate.toString()]).toEqual(['CERT', 'KEY', 'CA']);
  });

  it('sends an API key over TLS unless told otherwise', () => {
    expect(temporalConnectionOptions('ns.tmprl.cloud:7233', { TEMPORAL_API_KEY: 'k' })).toEqual({ address: 'ns.tmprl.cloud:7233', tls: true, apiKey: 'k' });
    expect(temporalConnectionOptions('proxy:7233', { TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' })).toEqual({ address: 'proxy:7233', apiKey: 'k' });
  });

  it('names the variable that is wrong', () => {
    expect(() => temporalConnectionOptions(undefined, { TEMPORAL_TLS_CERT: '/x.pem' })).toThrow('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together');
    expect(() => temporalConnectionOptions(undefined, { TEMPORAL_TLS_CA: path.join(dir, 'missing.pem') })).toThrow(/^TEMPORAL_TLS_CA=.*missing\.pem: cannot read the file \(ENOENT\)$/);
    expect(() => temporalConnectionOptions(undefined, { TEMPORAL_TLS: 'yes' })).toThrow('TEMPORAL_TLS: true or false, got yes');
  });
});

describe('the Temporal server config', () => {
  it('derives every port from the frontend, the upstream defaults at 7233', () => {
    expect(temporalServerPorts(7233)).toMatchObject({ HISTORY_PORT: 7234, MATCHING_PORT: 7235, WORKER_PORT: 7239, FRONTEND_MEMBERSHIP_PORT: 6933, FRONTEND_HTTP_PORT: 7243, METRICS_PORT: 8000 });
    // cluster_membership keeps ports as smallint.
    expect(() => temporalServerPorts(42853)).toThrow(/between 1024 and 32000/);
  });

  it('renders the template with every placeholder filled, and refuses an unknown one', () => {
    const template = readFileSync(path.join(import.meta.dirname, '../../infra/temporal/server-config/config.template.yaml'), 'utf8');
    const values = {
      ...temporalServerPorts(7233), LOG_LEVEL: 'warn', NUM_HISTORY_SHARDS: 4, DB_NAME: 't', VISIBILITY_DB_NAME: 't_visibility',
      DB_HOST: '127.0.0.1', DB_PORT: 5432, DB_USER: 'postgres', DB_PASSWORD: '', BIND_IP: '127.0.0.1', DYNAMIC_CONFIG_FILE: '/d.yaml',
    };
    const config = renderTemplate(template, values);
    expect(config).not.toContain('${');
    expect(config).toContain('numHistoryShards: 4');
    expect(config).toContain('connectAddr: "127.0.0.1:5432"');
    expect(() => renderTemplate('port: ${NOPE}', values)).toThrow('no value for ${NOPE}');
  });
});
