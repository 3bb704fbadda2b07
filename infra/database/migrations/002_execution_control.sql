-- Item execution control: original vs current deadline, extensions, acting officials, notifications.
ALTER TABLE item_executions ADD COLUMN original_deadline_at timestamptz;
UPDATE item_executions SET original_deadline_at = deadline_at;
ALTER TABLE item_executions ALTER COLUMN original_deadline_at SET NOT NULL;
ALTER TABLE item_executions ADD COLUMN coordinator_id text;
ALTER TABLE item_executions ADD COLUMN submitted_on_time boolean;
ALTER TABLE item_executions ADD COLUMN last_rung text;
ALTER TABLE item_executions ADD COLUMN item_title text NOT NULL DEFAULT '';

CREATE TABLE extension_requests (
  id text PRIMARY KEY,
  execution_id text NOT NULL REFERENCES item_executions (id),
  requested_by text NOT NULL,
  acting_for_id text,
  requested_at timestamptz NOT NULL,
  current_deadline_at timestamptz NOT NULL,
  new_deadline_at timestamptz NOT NULL,
  reason text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'granted', 'refused')),
  decided_by text,
  decided_at timestamptz,
  decision_comment text
);
CREATE INDEX extension_requests_execution ON extension_requests (execution_id);
CREATE INDEX extension_requests_pending ON extension_requests (status) WHERE status = 'pending';

-- Исполняющий обязанности: during [starts_at, ends_at) the substitute gets the person's work.
CREATE TABLE substitutions (
  id text PRIMARY KEY,
  person_id text NOT NULL REFERENCES people (id),
  substitute_id text NOT NULL REFERENCES people (id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  reason text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CHECK (person_id <> substitute_id)
);
CREATE INDEX substitutions_person ON substitutions (person_id, starts_at, ends_at);
CREATE INDEX substitutions_substitute ON substitutions (substitute_id, starts_at, ends_at);

-- The in-app inbox and the e-mail outbox are one table: written with the event that caused them.
CREATE TABLE notifications (
  id text PRIMARY KEY,
  event_id text NOT NULL REFERENCES events (id),
  person_id text NOT NULL REFERENCES people (id),
  acting_for_id text,
  roadmap_id text NOT NULL,
  execution_id text,
  kind text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  link text NOT NULL,
  created_at timestamptz NOT NULL,
  read_at timestamptz,
  email_status text NOT NULL DEFAULT 'pending' CHECK (email_status IN ('pending', 'sent', 'logged', 'no_address')),
  email_attempts integer NOT NULL DEFAULT 0,
  email_sent_at timestamptz,
  email_last_error text
);
CREATE INDEX notifications_inbox ON notifications (person_id, created_at DESC);
CREATE INDEX notifications_unread ON notifications (person_id) WHERE read_at IS NULL;

CREATE TABLE transfers (
  id text PRIMARY KEY,
  from_person_id text NOT NULL REFERENCES people (id),
  to_person_id text NOT NULL REFERENCES people (id),
  reason text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  moved jsonb NOT NULL
);
