/**
 * How every process of ours connects to Temporal: the worker (NativeConnection
 * and its client), the API, `npm start`, the tests' helpers and the bench.
 * A real cluster needs only these variables:
 *
 *   TEMPORAL_ADDRESS          host:port of the frontend (default 127.0.0.1:7233)
 *   TEMPORAL_NAMESPACE        default `default`
 *   TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY   client certificate and key files (mTLS)
 *   TEMPORAL_TLS_CA           CA file of the server's certificate (else the system's roots)
 *   TEMPORAL_TLS_SERVER_NAME  the name to verify in the server's certificate
 *   TEMPORAL_TLS              `true` for TLS with none of the above; `false` to force plain text
 *   TEMPORAL_API_KEY          sent as a bearer token (Temporal Cloud, or a server with an authorizer); implies TLS
 */
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';

export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
}

export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';

function readFile(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(`${variable}=${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/**
 * Options for Connection.connect / NativeConnection.connect (both take this
 * shape). `address` overrides TEMPORAL_ADDRESS, e.g. for a server we started.
 */
export function temporalConnectionOptions(address?: string, env: NodeJS.ProcessEnv = process.env): TemporalConnectionOptions {
  const options: TemporalConnectionOptions = { address: address ?? (env.TEMPORAL_ADDRESS || DEFAULT_TEMPORAL_ADDRESS) };
  const cert = env.TEMPORAL_TLS_CERT;
  const key = env.TEMPORAL_TLS_KEY;
  if (Boolean(cert) !== Boolean(key)) throw new Error('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together: set both or neither');
  const tls: TLSConfig = {};
  if (cert && key) tls.clientCertPair = { crt: readFile('TEMPORAL_TLS_CERT', cert), key: readFile('TEMPORAL_TLS_KEY', key) };
  if (env.TEMPORAL_TLS_CA) tls.serverRootCACertificate = readFile('TEMPORAL_TLS_CA', env.TEMPORAL_TLS_CA);
  if (env.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = env.TEMPORAL_TLS_SERVER_NAME;
  const apiKey = env.TEMPORAL_API_KEY || undefined;
  const flag = env.TEMPORAL_TLS?.toLowerCase();
  if (flag && !['true', '1', 'false', '0'].includes(flag)) throw new Error(`TEMPORAL_TLS: true or false, got ${env.TEMPORAL_TLS}`);
  const off = flag === 'false' || flag === '0';
  if (Object.keys(tls).length > 0) {
    if (off) throw new Error('TEMPORAL_TLS=false contradicts TEMPORAL_TLS_CERT/KEY/CA/SERVER_NAME');
    options.tls = tls;
  } else if (flag === 'true' || flag === '1' || (apiKey && !off)) {
    // An API key travels in a header: never in plain text unless asked for (TEMPORAL_TLS=false, e.g. a local proxy).
    options.tls = true;
  }
  if (apiKey) options.apiKey = apiKey;
  return options;
}

export function temporalNamespace(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEMPORAL_NAMESPACE || 'default';
}
