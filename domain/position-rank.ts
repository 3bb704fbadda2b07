/**
 * The order of position levels, without the zod schema of person.ts: the
 * workflows' validators compare levels, and workflows import zod-free modules only.
 */
export type PositionLevel = 'director' | 'head_of_directorate' | 'head_of_division' | 'specialist';

const rank: Record<PositionLevel, number> = {
  director: 4,
  head_of_directorate: 3,
  head_of_division: 2,
  specialist: 1,
};

export function isAtLeast(level: PositionLevel, required: PositionLevel): boolean {
  return rank[level] >= rank[required];
}

export const positionLabel: Record<PositionLevel, string> = {
  director: 'директор',
  head_of_directorate: 'начальник управления',
  head_of_division: 'начальник отдела',
  specialist: 'специалист',
};

