/**
 * A real OpenID Connect provider (panva's oidc-provider) for the single sign-on
 * tests, in its own process: `node test/support/oidc-test-provider.mjs`.
 *
 * Environment: OIDC_TEST_CLIENT (JSON: client_id, client_secret, redirect_uris,
 * post_logout_redirect_uris). It listens on a free port of 127.0.0.1 and prints one
 * line `{"issuer": "http://127.0.0.1:PORT"}` when ready.
 *
 * The test drives it through /__test/* (never part of a real provider):
 *   POST /__test/accounts  {"<login>": {claims}}   who exists and which claims they have
 *   POST /__test/clock     {"offsetSeconds": n}    the provider's clock (n < 0: its tokens are already old)
 *   GET  /__test/end-sessions                      the end_session requests it received (query strings)
 *   GET  /__test/logout-tokens                     the back-channel logout tokens it posted, in order
 * Its login page is a plain form (label «Login», button «Sign in»); consent is implied.
 */
import http from 'node:http';
import Provider from 'oidc-provider';

const client = JSON.parse(process.env.OIDC_TEST_CLIENT ?? '{}');
let accounts = {};
let offsetMs = 0;
const endSessions = [];
const logoutTokens = [];

// The provider's clock, shifted on request: tokens it signs carry iat/exp of that clock.
const realNow = Date.now;
Date.now = () => realNow() + offsetMs;

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const escape = (s) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const page = (title, body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1>${body}</body></html>`;

const provider = new Provider(issuer, {
  clients: [
    {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: client.client_secret ? 'client_secret_post' : 'none',
      ...client,
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['preferred_username', 'name'] },
  cookies: { keys: ['oidc-test-provider-cookie-key'] },
  pkce: { required: () => true },
  ttl: { IdToken: 60, AccessToken: 600, AuthorizationCode: 60, Session: 3600, Interaction: 3600, Grant: 3600 },
  // Its outgoing requests (the back-channel logout) go through here: the relying party of the tests listens on
  // 127.0.0.1, which the provider's own SSRF guard (its dispatcher) refuses; and the test reads the tokens sent.
  async fetch(url, { dispatcher: _guard, ...options }) {
    if (options.body instanceof URLSearchParams && options.body.has('logout_token')) logoutTokens.push(options.body.get('logout_token'));
    return fetch(url, options);
  },
  features: {
    devInteractions: { enabled: false },
    backchannelLogout: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Sign out', `${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>`);
      },
    },
  },
  async findAccount(ctx, id) {
    const claims = accounts[id];
    if (!claims) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
  // Consent is implied: the test client gets every scope it asks for.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Error', `<pre>${escape(JSON.stringify(out))}</pre>`);
  },
});
provider.on('server_error', (ctx, err) => console.error('provider server_error', err));

const readBody = (req) =>
  new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });

const json = (res, status, value) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
};

const callback = provider.callback();
server.on('request', async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (url.pathname === '/__test/accounts' && req.method === 'POST') {
      accounts = JSON.parse(await readBody(req));
      return json(res, 200, { ok: true });
    }
    if (url.pathname === '/__test/clock' && req.method === 'POST') {
      offsetMs = Number(JSON.parse(await readBody(req)).offsetSeconds ?? 0) * 1000;
      return json(res, 200, { ok: true });
    }
    if (url.pathname === '/__test/end-sessions') return json(res, 200, endSessions);
    if (url.pathname === '/__test/logout-tokens') return json(res, 200, logoutTokens);
    if (url.pathname === '/session/end' && req.method === 'GET') endSessions.push(url.search);

    const interaction = /^\/interaction\/([^/]+)(\/login)?$/.exec(url.pathname);
    if (interaction) {
      const details = await provider.interactionDetails(req, res);
      if (interaction[2] && req.method === 'POST') {
        const login = new URLSearchParams(await readBody(req)).get('login') ?? '';
        if (!accounts[login]) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          return res.end(page('Sign in', `<p role="alert">Unknown login</p><a href="/interaction/${escape(details.uid)}">Back</a>`));
        }
        return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
      }
      if (details.prompt.name === 'login') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(
          page(
            'Sign in',
            `<form method="post" action="/interaction/${escape(details.uid)}/login"><label>Login <input name="login" autofocus></label><button type="submit">Sign in</button></form>`,
          ),
        );
      }
      // Consent is implied by loadExistingGrant; any other prompt is finished as it stands.
      return provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
    }
    return callback(req, res);
  } catch (err) {
    console.error('test provider', err);
    if (!res.headersSent) json(res, 500, { error: String(err) });
  }
});

console.log(JSON.stringify({ issuer }));
