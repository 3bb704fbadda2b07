-- Uploaded files: bytes stored once by sha256 (blobs), each upload a row of its own (attachments).
CREATE TABLE blobs (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[a-f0-9]{64}$'),
  size bigint NOT NULL,
  bytes bytea NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE attachments (
  id text PRIMARY KEY,
  -- No FK to blobs: another BlobStore (S3) keeps the bytes elsewhere; the hash is the key either way.
  sha256 text NOT NULL,
  name text NOT NULL,
  size bigint NOT NULL,
  type text NOT NULL,
  uploaded_by text NOT NULL REFERENCES people (id),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  -- Set once, when a command references the file; readers of that thing may then download it.
  attached_kind text CHECK (attached_kind IN ('execution', 'extension_request', 'weekly_report')),
  attached_id text,
  roadmap_id text REFERENCES roadmaps (id),
  attached_at timestamptz,
  CHECK ((attached_kind IS NULL) = (attached_id IS NULL))
);
CREATE INDEX attachments_attached ON attachments (attached_kind, attached_id);

-- A file that is part of a submitted report is immutable: a correction is a new upload.
CREATE FUNCTION attachments_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.attached_kind IS NOT NULL THEN
    RAISE EXCEPTION 'attachment % is part of a submitted report and cannot change', OLD.id;
  END IF;
  IF NEW.sha256 <> OLD.sha256 OR NEW.size <> OLD.size OR NEW.name <> OLD.name OR NEW.type <> OLD.type OR NEW.uploaded_by <> OLD.uploaded_by THEN
    RAISE EXCEPTION 'attachment % content cannot change', OLD.id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER attachments_immutable BEFORE UPDATE ON attachments FOR EACH ROW EXECUTE FUNCTION attachments_immutable();
