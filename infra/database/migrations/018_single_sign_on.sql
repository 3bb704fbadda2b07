-- Single sign-on through an OpenID Connect provider (docs/sso.md).
--   sessions.id_token   the provider's ID token of a session opened through it: sent back as
--                       id_token_hint when the person logs out (RP-initiated logout); null for
--                       password sessions.
--   oidc_transactions   one row per login started at the provider: the state (hashed; the
--                       browser holds it in an HttpOnly cookie), the nonce and the PKCE
--                       verifier, which never leave the server. Consumed by the callback
--                       (delete ... returning), so a state works once; expired rows are purged
--                       when the next login starts.
--   sso_refusals        logins the provider vouched for but nobody here matches (unknown
--                       subject, ambiguous e-mail): who tried, so an administrator can answer
--                       "why can't I log in". Refusals of a known person (deactivated, locked)
--                       go to directory_changes instead, on that person's trail.
ALTER TABLE sessions ADD COLUMN id_token text;

CREATE TABLE oidc_transactions (
  state_hash text PRIMARY KEY,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  next text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX oidc_transactions_expires_at ON oidc_transactions (expires_at);

CREATE TABLE sso_refusals (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  issuer text NOT NULL,
  claim text NOT NULL,
  subject text NOT NULL,
  reason text NOT NULL,
  address text
);
CREATE INDEX sso_refusals_at ON sso_refusals (at);
