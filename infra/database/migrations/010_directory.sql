-- The directory a fund administers itself (onboarding): organisations' own attributes and
-- one audit trail of every change to people, organisations and the pilot's set-up.
--   organisations.in_pilot        an МО that takes part in the pilot;
--   organisations.head_person_id  the head who signs for it (an СМО branch's local act);
--   organisations.deactivated_at  closed or merged; never deleted, road maps name it.
ALTER TABLE organisations
  ADD COLUMN in_pilot boolean NOT NULL DEFAULT false,
  ADD COLUMN head_person_id text REFERENCES people (id),
  ADD COLUMN deactivated_at timestamptz;
CREATE UNIQUE INDEX organisations_registry_number ON organisations (region_code, registry_number)
  WHERE kind = 'MO' AND registry_number IS NOT NULL;

-- Who changed what, when, before → after. Written in the same transaction as the change.
--   actor_id   null only for the first-administrator command run on the server;
--   source     'api' | 'page' | 'import' | 'command' | 'sso';
--   action     'created' | 'changed' | 'deactivated' | 'reactivated' | 'locked' | 'unlocked'
--              | 'invited' | 'password_set' | 'password_changed' | 'password_reset' | ...
CREATE TABLE directory_changes (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id text REFERENCES people (id),
  subject_kind text NOT NULL CHECK (subject_kind IN ('person', 'organisation', 'region', 'pilot')),
  subject_id text NOT NULL,
  region_code text,
  action text NOT NULL,
  before jsonb,
  after jsonb,
  source text NOT NULL DEFAULT 'api'
);
CREATE INDEX directory_changes_subject ON directory_changes (subject_kind, subject_id, at);
CREATE INDEX directory_changes_region ON directory_changes (region_code, at);
