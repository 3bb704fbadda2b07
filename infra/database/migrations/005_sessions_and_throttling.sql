-- Sessions end after an idle time as well as after their absolute lifetime; expired ones are purged.
ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- rate-limiter-flexible's RateLimiterPostgres table (its own layout: key, points, expire in epoch ms),
-- created here rather than by the library so that every API process finds it at start-up.
CREATE TABLE login_throttle (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
CREATE INDEX login_throttle_expire ON login_throttle (expire);
