-- A reporting duty whose every line's item was dropped (its executions cancelled) while the period was open owes nothing:
-- 'released' — neither escalated, nor missing in the discipline figures, nor in the consolidated report.
ALTER TABLE reporting_duties DROP CONSTRAINT reporting_duties_status_check;
ALTER TABLE reporting_duties ADD CONSTRAINT reporting_duties_status_check CHECK (status IN ('pending', 'on_time', 'late', 'missing', 'released'));
-- The escalations of a federal week are read from its rung events by subject (`{federalWeekId}:{region}`).
CREATE INDEX IF NOT EXISTS events_federal_rungs ON events (type, subject) WHERE type = 'federal.report_rung_fired';
