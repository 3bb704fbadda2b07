-- The coordinator a road map's version names, as a column of its own (generated from the document): every
-- signed-in page asks whether the person coordinates an approved road map whose first week is still ahead
-- (services/people/page-frame-facts.ts). Asked of the document, that question detoasted every approved version's
-- whole document of the region (hundreds of kilobytes each) on every page view of everyone who neither reports
-- nor coordinates a period yet.
ALTER TABLE roadmap_versions ADD COLUMN coordinator_id text GENERATED ALWAYS AS (document->>'coordinatorId') STORED;
CREATE INDEX roadmap_versions_coordinator ON roadmap_versions (coordinator_id);
