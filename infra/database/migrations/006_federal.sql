-- The federal level: the pilot's district groups and regions, the federal week and each region's standing in it.
-- Rows of pilot_groups/pilot_regions and all 85 regions are upserted from domain/ at start-up (infra/reference-data.ts).
CREATE TABLE pilot_groups (
  id text PRIMARY KEY,
  programme_id text NOT NULL,
  number integer NOT NULL,
  title text NOT NULL,
  -- The curator is whoever directs this region's ТФОМС (acting officials included).
  curator_region_code text NOT NULL REFERENCES regions (code),
  curator_name text NOT NULL,
  curator_role text NOT NULL
);

CREATE TABLE pilot_regions (
  programme_id text NOT NULL,
  region_code text NOT NULL REFERENCES regions (code),
  group_id text NOT NULL REFERENCES pilot_groups (id),
  PRIMARY KEY (programme_id, region_code)
);

-- The ISO week a reporting period belongs to (its opening, on the region's wall clock): the federal week it counts for.
ALTER TABLE reporting_periods ADD COLUMN iso_week text;
UPDATE reporting_periods SET iso_week = to_char(opens_at AT TIME ZONE time_zone, 'IYYY-"W"IW');
CREATE INDEX reporting_periods_week ON reporting_periods (iso_week, roadmap_id);

CREATE TABLE federal_weeks (
  id text PRIMARY KEY,
  programme_id text NOT NULL,
  week text NOT NULL,
  workflow_id text NOT NULL,
  opened_at timestamptz NOT NULL
);
CREATE INDEX federal_weeks_week ON federal_weeks (programme_id, week, opened_at DESC);

-- One row per expected region (an approved road map) of a federal week: its due time, ladder and submission.
CREATE TABLE federal_region_weeks (
  federal_week_id text NOT NULL REFERENCES federal_weeks (id),
  region_code text NOT NULL REFERENCES regions (code),
  roadmap_id text NOT NULL REFERENCES roadmaps (id),
  group_id text NOT NULL,
  coordinator_id text NOT NULL,
  time_zone text NOT NULL,
  due_at timestamptz NOT NULL,
  ladder jsonb NOT NULL,
  period_id text,
  submitted_at timestamptz,
  last_rung text,
  PRIMARY KEY (federal_week_id, region_code)
);
CREATE INDEX federal_region_weeks_roadmap ON federal_region_weeks (roadmap_id);

-- The week view aggregates every execution of the pilot's road maps by status in one pass.
CREATE INDEX item_executions_roadmap_status ON item_executions (roadmap_id, status, deadline_at);
