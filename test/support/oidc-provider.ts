import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { OidcConfig } from '../../services/auth/oidc-config.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface TestClient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  /** Where the provider posts its logout tokens when a session there ends (back-channel logout). */
  backchannel_logout_uri?: string;
  backchannel_logout_session_required?: boolean;
}

/** The real OpenID Connect provider of test/support/oidc-test-provider.mjs, in a process of its own. */
export interface TestProvider {
  issuer: string;
  /** Who can sign in there, by login, with the claims the provider will vouch for. */
  setAccounts(accounts: Record<string, Record<string, unknown>>): Promise<void>;
  /** Shifts the provider's clock: a negative offset makes the tokens it signs already expired here. */
  setClockOffset(seconds: number): Promise<void>;
  /** The query strings of the end_session requests it received (RP-initiated logout). */
  endSessions(): Promise<string[]>;
  /** The logout tokens it posted to the client's back-channel logout URI, in order. */
  logoutTokens(): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startTestProvider(client: TestClient): Promise<TestProvider> {
  const child = spawn(process.execPath, ['test/support/oidc-test-provider.mjs'], {
    cwd: root,
    // It warns that Node 20 is not a supported version; it runs, and the warning is noise here.
    env: { ...process.env, OIDC_TEST_CLIENT: JSON.stringify(client), NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const issuer = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`the test provider did not start in 60 s:\n${output}`)), 60_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      buffered += chunk;
      const line = buffered.split('\n').find((l) => l.startsWith('{"issuer"'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line).issuer);
      }
    });
    child.once('exit', (code) => reject(new Error(`the test provider exited with ${code}:\n${output}`)));
  });
  const post = async (path: string, body: unknown) => {
    const res = await fetch(issuer + path, { method: 'POST', body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  return {
    issuer,
    setAccounts: (accounts) => post('/__test/accounts', accounts),
    setClockOffset: (seconds) => post('/__test/clock', { offsetSeconds: seconds }),
    endSessions: async () => (await fetch(`${issuer}/__test/end-sessions`)).json() as Promise<string[]>,
    logoutTokens: async () => (await fetch(`${issuer}/__test/logout-tokens`)).json() as Promise<string[]>,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The app's settings for a test provider (http allowed, short timeout); `overrides` for the odd cases. */
export function testOidcConfig(issuer: string, appUrl: string, overrides: Partial<OidcConfig> = {}): OidcConfig {
  return {
    issuer: new URL(issuer),
    clientId: 'roadmaps',
    clientSecret: 'roadmaps-test-secret',
    redirectUrl: new URL('/auth/oidc/callback', appUrl),
    scopes: 'openid email profile',
    claim: 'email',
    displayName: 'Тестовый провайдер',
    postLogoutRedirectUrl: new URL('/login', appUrl),
    timeoutSeconds: 3,
    allowHttp: true,
    transactionSeconds: 600,
    ...overrides,
  };
}
