-- The pilot's deadline for each region's road map: the programme's date (domain/federal/pilot.ts) unless a region has its own,
-- and how far the region's ladder has climbed (the rungs themselves are events `federal.roadmap_rung_fired`).
ALTER TABLE pilot_regions ADD COLUMN roadmap_due_date date;
ALTER TABLE pilot_regions ADD COLUMN roadmap_last_rung text;
ALTER TABLE pilot_regions ADD COLUMN roadmap_last_rung_at timestamptz;
