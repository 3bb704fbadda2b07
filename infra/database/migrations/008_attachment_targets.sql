-- A road-map version's signed legal act is an attachment too (attached_id `roadmapId/version`).
ALTER TABLE attachments DROP CONSTRAINT attachments_attached_kind_check;
ALTER TABLE attachments ADD CONSTRAINT attachments_attached_kind_check
  CHECK (attached_kind IN ('execution', 'extension_request', 'weekly_report', 'roadmap_version'));
-- The road-map page lists each version's files.
CREATE INDEX attachments_roadmap ON attachments (roadmap_id, attached_kind) WHERE roadmap_id IS NOT NULL;
