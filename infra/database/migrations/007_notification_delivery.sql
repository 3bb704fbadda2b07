-- Every notification reaches a final e-mail state: 'failed' once its attempts are used up.
ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_email_status_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_email_status_check
  CHECK (email_status IN ('pending', 'sent', 'logged', 'no_address', 'failed'));
-- Workflows hand the delivery step the notifications of their events: looked up by event.
CREATE INDEX IF NOT EXISTS notifications_event ON notifications (event_id);
