-- Per person upload rate and quota of unattached files (services/attachments/upload-allowance.ts)
-- count a person's recent and unattached uploads; the sweep (activities/sweep-unattached-uploads.ts)
-- finds the unattached ones past their time.
CREATE INDEX attachments_uploader ON attachments (uploaded_by, uploaded_at);
CREATE INDEX attachments_unattached ON attachments (uploaded_at) WHERE attached_kind IS NULL;
