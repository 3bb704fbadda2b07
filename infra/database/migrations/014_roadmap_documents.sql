-- Road-map documents by reference: the document of a draft or a version is stored here once, keyed by the
-- SHA-256 of its JSON text, and workflows carry only that key (with the number of executions it expands to).
-- A road map of a thousand items is megabytes; Temporal refuses payloads over 2 MB and keeps every input for
-- the life of the workflow, so the document stays in PostgreSQL (docs/documents.md, "Documents by reference").
CREATE TABLE roadmap_documents (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  -- The exact text hashed: jsonb would reorder keys and the hash could no longer be checked.
  content text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Content-addressed rows never change: a different document is a different key.
CREATE FUNCTION roadmap_documents_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'roadmap_documents rows are immutable (content-addressed)';
END $$;
CREATE TRIGGER roadmap_documents_no_update BEFORE UPDATE ON roadmap_documents
  FOR EACH ROW EXECUTE FUNCTION roadmap_documents_immutable();

-- Which stored document a version was projected from (null: recorded inline, before this migration).
ALTER TABLE roadmap_versions ADD COLUMN document_sha256 text;
