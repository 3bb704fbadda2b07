-- The invitations a directory import owes the people it created (docs/directory-import.md).
-- Written in the import's own transaction, so that a committed import always has them; sent
-- by the worker (inviteImportedPeopleWorkflow), never inside the upload's request.
--   batch_id        the import that queued them; its workflow sends that batch
--   claimed_until   a sender's lease while it sends, and after a refused send the time of the
--                   next attempt (5 s doubling to 30 min): a sender killed mid-batch leaves rows
--                   another takes up once the lease runs out
--   attempts        sends tried (counted before sending, so a crash counts too)
--   gave_up_at      EMAIL_MAX_ATTEMPTS reached: the administrator resends from the person's page
--                   (which deletes the row)
CREATE TABLE invitation_queue (
  person_id text PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
  batch_id uuid NOT NULL,
  actor_id text,
  queued_at timestamptz NOT NULL DEFAULT now(),
  attempts int NOT NULL DEFAULT 0,
  claimed_until timestamptz,
  last_error text,
  gave_up_at timestamptz
);
CREATE INDEX invitation_queue_batch ON invitation_queue (batch_id);
