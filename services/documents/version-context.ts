import { createHash } from 'node:crypto';
import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { RefusedError, refusal } from '../../domain/refusal.js';
import { RoadMapDocument } from '../../domain/roadmap.js';
import { namedPeople } from '../../domain/roadmap-rules.js';
import type { OrganisationKind } from '../../domain/organisation.js';
import { readableRoadMap } from '../roadmaps/roadmap-read-model.js';

export interface NamedPerson {
  id: string;
  fullName: string;
  positionTitle: string;
  organisationId: string;
  position: string;
}

export interface NamedOrganisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  /** For an МО: its number in the regional register («22.1»). */
  registryNumber?: string | null;
  /** The head who signs for it (the directory's organisations.head_person_id), when set. */
  headPersonId?: string | null;
}

/** The names an approved version was approved with (roadmap_versions.named_snapshot, written by activities/version-names.ts). */
interface NamedSnapshot {
  people: Record<string, Omit<NamedPerson, 'id'>>;
  organisations: Record<string, Omit<NamedOrganisation, 'id'>>;
}

/**
 * The version's context as printed documents need it. An approved version names its people
 * and organisations as they were at approval (the snapshot), not as the directory has them
 * today: renaming someone or changing their position never rewrites what was approved.
 * Versions approved before the snapshot existed print today's names.
 */
export async function versionContext(
  sql: postgres.Sql,
  actor: Actor,
  roadMapId: string,
  version: number,
  opts: { approvedOnly: boolean },
): Promise<VersionContext> {
  const { ctx, snapshot } = await liveVersionContext(sql, actor, roadMapId, version, opts);
  if (!snapshot) return ctx;
  for (const [id, p] of Object.entries(snapshot.people)) ctx.people.set(id, { ...ctx.people.get(id), id, ...p });
  for (const [id, o] of Object.entries(snapshot.organisations)) ctx.organisations.set(id, { ...ctx.organisations.get(id), id, ...o });
  if (ctx.approver) ctx.approver = ctx.people.get(ctx.approver.id) ?? ctx.approver;
  return ctx;
}

/** Everything a printed document of one road-map version needs, read once: the version, its region, and the names it mentions. */
export interface VersionContext {
  roadMapId: string;
  version: number;
  status: 'draft' | 'submitted' | 'approved' | 'superseded';
  doc: RoadMapDocument;
  region: { code: string; name: string; timeZone: string };
  approvedAt: Date | null;
  approver: NamedPerson | null;
  /** SHA-256 (hex) of the version's content, canonical JSON: what a printout's verification mark and QR code carry. */
  contentSha256: string;
  people: Map<string, NamedPerson>;
  organisations: Map<string, NamedOrganisation>;
}

/**
 * Loads a version the actor may read (the road map's reading rules), with names, in four queries whatever its size.
 * `approvedOnly`: a document to be signed exists only for an approved (or since superseded) version.
 */
async function liveVersionContext(
  sql: postgres.Sql,
  actor: Actor,
  roadMapId: string,
  version: number,
  opts: { approvedOnly: boolean },
): Promise<{ ctx: VersionContext; snapshot: NamedSnapshot | null }> {
  const roadMap = await readableRoadMap(sql, actor, roadMapId);
  const [row] = await sql<{ status: VersionContext['status']; document: unknown; approved_by: string | null; approved_at: Date | null; named_snapshot: NamedSnapshot | null }[]>`
    select status, document, approved_by, approved_at, named_snapshot from roadmap_versions where roadmap_id = ${roadMap.id} and version = ${version}`;
  if (!row) throw new RefusedError(refusal('not_found', `редакция ${version} дорожной карты не найдена`));
  if (opts.approvedOnly && row.status !== 'approved' && row.status !== 'superseded') {
    throw new RefusedError(refusal('conflict', `редакция ${version} не утверждена: документ для подписи формируется из утверждённой редакции`));
  }
  const doc = RoadMapDocument.parse(row.document);
  const [region] = await sql<{ code: string; name: string; time_zone: string }[]>`select code, name, time_zone from regions where code = ${doc.regionCode}`;
  const personIds = [...namedPeople(doc), ...(row.approved_by ? [row.approved_by] : [])];
  const people = await sql<{ id: string; full_name: string; position_title: string; organisation_id: string; position: string }[]>`
    select id, full_name, position_title, organisation_id, position from people
    where id = any(${personIds}) or (organisation_id in (select id from organisations where region_code = ${doc.regionCode}) and position = 'director')`;
  const organisations = await sql<{ id: string; name: string; kind: OrganisationKind; registry_number: string | null; head_person_id: string | null }[]>`
    select id, name, kind, registry_number, head_person_id from organisations where region_code = ${doc.regionCode} or id = any(${people.map((p) => p.organisation_id)})`;
  // The heads who sign for the region's СМО (their local acts), when the directory names them.
  const heads = organisations.map((o) => o.head_person_id).filter((id): id is string => !!id && !people.some((p) => p.id === id));
  if (heads.length) {
    people.push(...(await sql<typeof people>`select id, full_name, position_title, organisation_id, position from people where id = any(${heads})`));
  }
  const named = new Map(people.map((p) => [p.id, { id: p.id, fullName: p.full_name, positionTitle: p.position_title, organisationId: p.organisation_id, position: p.position }]));
  const ctx: VersionContext = {
    roadMapId: roadMap.id,
    version,
    status: row.status,
    doc,
    region: { code: region.code, name: region.name, timeZone: region.time_zone },
    approvedAt: row.approved_at,
    approver: row.approved_by ? (named.get(row.approved_by) ?? null) : null,
    contentSha256: contentSha256(row.document),
    people: named,
    organisations: new Map(organisations.map((o) => [o.id, { id: o.id, name: o.name, kind: o.kind, registryNumber: o.registry_number, headPersonId: o.head_person_id }])),
  };
  return { ctx, snapshot: row.named_snapshot };
}

/** Canonical JSON (keys sorted at every level): the same content hashes the same however it was stored. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const contentSha256 = (document: unknown): string => createHash('sha256').update(canonicalJson(document)).digest('hex');
