-- Accounts (onboarding): single-use links and personal API tokens. Only SHA-256 hashes of
-- the secrets are stored, so a copy of the database opens no account.
--   account_links  an invitation or a password reset: one live link per person and purpose
--                  (a new one replaces the old), used once, expires (INVITATION_TTL_HOURS,
--                  PASSWORD_RESET_TTL_MINUTES);
--   api_tokens     a person's tokens for integrations (Authorization: Bearer rmt_…), each with
--                  an expiry (API_TOKEN_MAX_DAYS at most); revoked ones are kept for the record.
CREATE TABLE account_links (
  token_hash text PRIMARY KEY,
  person_id text NOT NULL REFERENCES people (id),
  purpose text NOT NULL CHECK (purpose IN ('invitation', 'reset')),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX account_links_person ON account_links (person_id, purpose);

CREATE TABLE api_tokens (
  id text PRIMARY KEY,
  person_id text NOT NULL REFERENCES people (id),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_person ON api_tokens (person_id, created_at);
