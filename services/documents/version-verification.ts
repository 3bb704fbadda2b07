import type postgres from 'postgres';
import { formatRuDate } from '../../domain/zoned-time.js';
import { shortName } from './document-text.js';
import { contentSha256 } from './version-context.js';

/**
 * What the check page behind a printout's QR code shows: enough to confirm that a paper is
 * the approved version (road map, version, region, when and by whom approved, the content's
 * SHA-256), nothing more. Public, like the signed paper itself; only approved (or since
 * superseded) versions are shown, and an unknown one answers as missing.
 */
export interface VersionVerification {
  roadMapId: string;
  version: number;
  title: string;
  regionName: string;
  status: 'approved' | 'superseded';
  approvedOn: string | null;
  approvedBy: string | null;
  contentSha256: string;
  /** Whether the hash printed on the paper (if given) is this version's. */
  matches: boolean | null;
}

export async function verifyVersion(sql: postgres.Sql, roadMapId: string, version: number, printedSha256: string | null): Promise<VersionVerification | null> {
  const [row] = await sql<{ status: string; document: { title: string }; approved_at: Date | null; full_name: string | null; region_name: string; time_zone: string }[]>`
    select v.status, v.document, v.approved_at, p.full_name, g.name as region_name, g.time_zone
    from roadmap_versions v join roadmaps r on r.id = v.roadmap_id join regions g on g.code = r.region_code
    left join people p on p.id = v.approved_by
    where v.roadmap_id = ${roadMapId} and v.version = ${version} and v.status in ('approved', 'superseded')`;
  if (!row) return null;
  const hash = contentSha256(row.document);
  return {
    roadMapId,
    version,
    title: row.document.title,
    regionName: row.region_name,
    status: row.status as VersionVerification['status'],
    approvedOn: row.approved_at ? formatRuDate(row.approved_at, row.time_zone) : null,
    approvedBy: row.full_name ? shortName(row.full_name) : null,
    contentSha256: hash,
    matches: printedSha256 === null ? null : printedSha256.toLowerCase() === hash,
  };
}
