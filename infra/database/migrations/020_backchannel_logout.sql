-- OpenID Connect back-channel logout (docs/sso.md): the provider tells the platform, server to
-- server, that a person's session there has ended, and the sessions it opened here end too.
--   sessions.oidc_subject   the ID token's `sub` of a session opened through the provider
--   sessions.oidc_session   its `sid` (the provider's session), when the provider sends one
--   oidc_logout_tokens      the `jti` of each logout token taken, until it expires: a replayed
--                           token is refused (purged when the next one arrives)
ALTER TABLE sessions ADD COLUMN oidc_subject text;
ALTER TABLE sessions ADD COLUMN oidc_session text;
CREATE INDEX sessions_oidc_subject ON sessions (oidc_subject) WHERE oidc_subject IS NOT NULL;
CREATE INDEX sessions_oidc_session ON sessions (oidc_session) WHERE oidc_session IS NOT NULL;
CREATE TABLE oidc_logout_tokens (
  jti text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
