import { z } from 'zod';
import { SingleLineText } from './text.js';
import { RegionCode } from './region.js';

/**
 * Participants of compulsory medical insurance (ОМС) that appear in the seeds:
 * the federal fund, a territorial fund, insurance companies, medical organisations
 * and the regional health authority.
 */
export const OrganisationKind = z.enum(['FOMS', 'TFOMS', 'SMO', 'MO', 'HEALTH_AUTHORITY']);
export type OrganisationKind = z.infer<typeof OrganisationKind>;

export const organisationKindLabel: Record<OrganisationKind, string> = {
  FOMS: 'ФОМС',
  TFOMS: 'ТФОМС',
  SMO: 'СМО',
  MO: 'Медицинская организация',
  HEALTH_AUTHORITY: 'Орган управления здравоохранением',
};

export const OrganisationId = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9._-]*$/, 'латиница в нижнем регистре, цифры, . _ -');

export const Organisation = z.object({
  id: OrganisationId,
  kind: OrganisationKind,
  name: SingleLineText.min(1).max(1000),
  /** FOMS is federal and has no region. */
  regionCode: RegionCode.nullable(),
  /** For MO: the number in the regional list of ОМС participants, e.g. "22.1". */
  registryNumber: SingleLineText.max(64).nullable().default(null),
  /** For MO sub-units such as "22.1 Злынская врачебная амбулатория". */
  parentId: OrganisationId.nullable().default(null),
});
export type Organisation = z.infer<typeof Organisation>;
