-- Reference data: regions, organisations, people and their sessions.
CREATE TABLE regions (
  code text PRIMARY KEY,
  name text NOT NULL,
  federal_district text NOT NULL,
  time_zone text NOT NULL
);

CREATE TABLE organisations (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('FOMS', 'TFOMS', 'SMO', 'MO', 'HEALTH_AUTHORITY')),
  name text NOT NULL,
  region_code text REFERENCES regions (code),
  registry_number text,
  parent_id text REFERENCES organisations (id)
);
CREATE INDEX organisations_region ON organisations (region_code, kind);

CREATE TABLE people (
  id text PRIMARY KEY,
  login text NOT NULL UNIQUE,
  full_name text NOT NULL,
  organisation_id text NOT NULL REFERENCES organisations (id),
  position text NOT NULL CHECK (position IN ('director', 'head_of_directorate', 'head_of_division', 'specialist')),
  position_title text NOT NULL,
  email text,
  roles text[] NOT NULL DEFAULT '{}',
  password_hash text NOT NULL
);
CREATE INDEX people_organisation ON people (organisation_id);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  person_id text NOT NULL REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_person ON sessions (person_id);

-- The audit trail: append-only, one row per domain event, the id makes appends idempotent.
CREATE TABLE events (
  seq bigserial NOT NULL,
  id text PRIMARY KEY,
  roadmap_id text NOT NULL,
  subject text NOT NULL,
  type text NOT NULL,
  version integer,
  occurred_at timestamptz NOT NULL,
  actor_id text,
  acting_for_id text,
  payload jsonb NOT NULL DEFAULT '{}',
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_roadmap ON events (roadmap_id, occurred_at, seq);
CREATE INDEX events_subject ON events (subject, occurred_at, seq);

-- Read model, rebuilt only from events.
CREATE TABLE roadmaps (
  id text PRIMARY KEY,
  region_code text NOT NULL REFERENCES regions (code),
  title text NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved')),
  approved_version integer,
  working_version integer,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX roadmaps_region ON roadmaps (region_code);

CREATE TABLE roadmap_versions (
  roadmap_id text NOT NULL REFERENCES roadmaps (id),
  version integer NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'superseded')),
  document jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  submitted_by text,
  submitted_at timestamptz,
  approved_by text,
  approved_at timestamptz,
  last_return_comment text,
  PRIMARY KEY (roadmap_id, version)
);

CREATE TABLE item_executions (
  id text PRIMARY KEY,
  roadmap_id text NOT NULL REFERENCES roadmaps (id),
  version integer NOT NULL,
  direction_id text NOT NULL,
  item_id text NOT NULL,
  mo_id text REFERENCES organisations (id),
  executor_id text NOT NULL REFERENCES people (id),
  controller_id text NOT NULL REFERENCES people (id),
  deadline_at timestamptz NOT NULL,
  status text NOT NULL,
  workflow_id text NOT NULL,
  started_at timestamptz NOT NULL,
  submitted_at timestamptz,
  submitted_by text,
  accepted_at timestamptz,
  accepted_by text,
  last_comment text,
  report jsonb,
  updated_at timestamptz NOT NULL
);
CREATE INDEX item_executions_roadmap ON item_executions (roadmap_id, item_id, mo_id);
CREATE INDEX item_executions_executor ON item_executions (executor_id, status);
CREATE INDEX item_executions_controller ON item_executions (controller_id, status);

-- Results of commands sent with an Idempotency-Key: a retry gets the same answer.
CREATE TABLE command_results (
  person_id text NOT NULL,
  idempotency_key text NOT NULL,
  request_hash text NOT NULL,
  status integer NOT NULL,
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, idempotency_key)
);
