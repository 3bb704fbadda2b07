-- Weekly monitoring: reporting periods, who reports on what, the reports (every revision), the consolidated report.
CREATE TABLE reporting_periods (
  id text PRIMARY KEY,
  roadmap_id text NOT NULL REFERENCES roadmaps (id),
  version integer NOT NULL,
  number integer NOT NULL,
  opens_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  cutoff_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'closed', 'submitted')),
  coordinator_id text NOT NULL REFERENCES people (id),
  workflow_id text NOT NULL,
  time_zone text NOT NULL,
  -- The late-report ladder as scheduled when the period opened.
  ladder jsonb NOT NULL,
  closed_at timestamptz,
  compiled_at timestamptz,
  submitted_at timestamptz,
  submitted_by text,
  submitted_acting_for_id text,
  coordinator_comment text,
  UNIQUE (roadmap_id, number)
);
CREATE INDEX reporting_periods_roadmap ON reporting_periods (roadmap_id, opens_at);

CREATE TABLE reporting_duties (
  period_id text NOT NULL REFERENCES reporting_periods (id),
  person_id text NOT NULL REFERENCES people (id),
  organisation_id text NOT NULL REFERENCES organisations (id),
  smo boolean NOT NULL,
  lines jsonb NOT NULL,
  mo_ids text[] NOT NULL,
  controller_ids text[] NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'on_time', 'late', 'missing')),
  first_submitted_at timestamptz,
  last_submitted_at timestamptz,
  revision integer NOT NULL DEFAULT 0,
  last_rung text,
  PRIMARY KEY (period_id, person_id)
);
CREATE INDEX reporting_duties_person ON reporting_duties (person_id, period_id);

-- Every submission and correction is kept; the latest revision is the report.
CREATE TABLE weekly_reports (
  period_id text NOT NULL REFERENCES reporting_periods (id),
  person_id text NOT NULL,
  revision integer NOT NULL,
  submitted_at timestamptz NOT NULL,
  submitted_by text NOT NULL,
  acting_for_id text,
  late boolean NOT NULL,
  report jsonb NOT NULL,
  PRIMARY KEY (period_id, person_id, revision)
);

-- The current lines of each report, for queries by МО and item across weeks.
CREATE TABLE weekly_report_lines (
  period_id text NOT NULL REFERENCES reporting_periods (id),
  person_id text NOT NULL,
  item_id text NOT NULL,
  mo_key text NOT NULL,
  mo_id text,
  status text NOT NULL,
  percent integer NOT NULL,
  done text NOT NULL,
  problems text NOT NULL,
  PRIMARY KEY (period_id, person_id, item_id, mo_key)
);
CREATE INDEX weekly_report_lines_mo ON weekly_report_lines (mo_id, period_id);

CREATE TABLE consolidated_reports (
  period_id text PRIMARY KEY REFERENCES reporting_periods (id),
  compilation integer NOT NULL,
  compiled_at timestamptz NOT NULL,
  reason text NOT NULL,
  report jsonb NOT NULL
);
