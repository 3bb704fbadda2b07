-- History is kept as it was: the people and organisations an approved road-map version names,
-- as they were at approval (name, position, organisation), written by the approval's projection
-- in the same transaction. Printed documents of the version read these, never the live rows, so
-- renaming someone or changing their position later does not rewrite what was approved.
--   named_snapshot  {"people": {id: {fullName, positionTitle, organisationId, position}},
--                    "organisations": {id: {name, kind}}}; null for versions approved before this
--                    migration (their documents read the live rows, as before).
ALTER TABLE roadmap_versions ADD COLUMN named_snapshot jsonb;
