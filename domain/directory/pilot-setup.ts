import { z } from 'zod';
import { RegionCode } from '../region.js';
import { SingleLineText } from '../text.js';

/**
 * The pilot's set-up as a ФОМС administrator keeps it: who curates each group (the ТФОМС
 * director of the curator region, and how the deck names them), and which group each
 * region belongs to. Messages name the field, in Russian.
 */
export const PilotGroupChange = z
  .object({
    curatorRegionCode: RegionCode.optional(),
    curatorName: SingleLineText.trim().min(1, 'куратор: обязательное поле').max(500, 'куратор: не длиннее 500 символов').optional(),
    curatorRole: SingleLineText.trim().min(1, 'должность куратора: обязательное поле').max(1000, 'должность куратора: не длиннее 1000 символов').optional(),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, { message: 'нечего менять: укажите хотя бы одно поле' });
export type PilotGroupChange = z.output<typeof PilotGroupChange>;

/** A region's place in the pilot: its group, or null to take it out. */
export const PilotRegionPlacement = z
  .object({ groupId: SingleLineText.min(1, 'группа: обязательное поле').max(64).nullable() })
  .strict();
export type PilotRegionPlacement = z.output<typeof PilotRegionPlacement>;
