-- A fund's own people on the platform (onboarding): the columns that the directory,
-- the accounts and single sign-on all read, in one place.
--   deactivated_at       set by the directory when someone leaves; never a hard delete,
--                        because road maps, reports and the history name them.
--   locked_at            set by an administrator's lock; cleared by unlock.
--   must_change_password an initial or reset password that the person must replace first.
--   password_changed_at  when the password was last set (sessions older than it are ended).
--   unit                 the directorate / division of ТФОМС staff, as orders name it.
-- password_hash becomes optional: an invited person has none until they set it.
ALTER TABLE people
  ADD COLUMN deactivated_at timestamptz,
  ADD COLUMN locked_at timestamptz,
  ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
  ADD COLUMN password_changed_at timestamptz,
  ADD COLUMN unit text;
ALTER TABLE people ALTER COLUMN password_hash DROP NOT NULL;
