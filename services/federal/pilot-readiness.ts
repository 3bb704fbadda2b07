import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { workingCalendarFor } from '../../domain/calendar/working-calendar.js';
import { federalDistrictOrder } from '../../domain/federal/federal-subjects.js';
import { pilotProgramme } from '../../domain/federal/pilot.js';
import {
  decideDocumentCell,
  documentCellLabel,
  pilotDocumentKindOf,
  pilotDocumentKinds,
  pilotDocumentLabel,
  type DocumentCell,
  type DocumentLink,
  type ItemEvidence,
  type PilotDocumentKind,
  type PlatformEvidence,
} from '../../domain/federal/pilot-documents.js';
import { roadMapDueAt, roadMapDueDate } from '../../domain/federal/roadmap-deadline.js';
import { federalRecipientLabel, type FederalRecipient } from '../../domain/federal/federal-week-state.js';
import type { RoadMapDocument } from '../../domain/roadmap.js';
import { formatRuDateTime, formatRuIsoDate, toLocal } from '../../domain/zoned-time.js';
import { requireFederalScope } from './federal-scope.js';

const MOSCOW = 'Europe/Moscow';
const roadMapStatusLabel: Record<string, string> = { draft: 'проект', submitted: 'на утверждении', approved: 'утверждена' };

export interface ReadinessCell extends DocumentCell {
  kind: PilotDocumentKind;
  stateLabel: string;
}

export interface ReadinessRegion {
  regionCode: string;
  regionName: string;
  groupId: string;
  groupNumber: number;
  federalDistrict: string;
  roadMap: { id: string; status: string; approvedVersion: number | null } | null;
  /** The pilot's date for this region's road map: the region's own, else the programme's. */
  /** null when neither the programme nor the region sets a date (no ladder then). */
  roadMapDeadline: { dueDate: string; dueAt: { at: string; local: string; moscow: string }; overdue: boolean; lastRung: string | null; lastRungLabel: string | null } | null;
  cells: ReadinessCell[];
}

export interface PilotReadiness {
  generatedAt: string;
  documents: { kind: PilotDocumentKind; label: string }[];
  regions: ReadinessRegion[];
  totals: Record<PilotDocumentKind, { missing: number; in_work: number; done: number }>;
}

interface RegionRow {
  region_code: string;
  region_name: string;
  group_id: string;
  federal_district: string;
  time_zone: string;
  roadmap_due_date: string | null;
  roadmap_last_rung: string | null;
  roadmap_id: string | null;
  status: string | null;
  approved_version: number | null;
  document: RoadMapDocument | null;
  approved_at: Date | null;
  updated_at: Date | null;
  tfoms_id: string | null;
  smo: { id: string; name: string }[] | null;
  act_files: { id: string; name: string }[] | null;
}

interface ExecutionRow {
  roadmap_id: string;
  item_id: string;
  executions: number;
  accepted: number;
  cancelled: number;
  last_accepted_at: Date | null;
  next_deadline_at: Date | null;
  execution_id: string | null;
  attachment_id: string | null;
  attachment_name: string | null;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** The region's calendar date of an instant, as an ISO date. */
const isoDay = (d: Date | null, timeZone: string) => {
  if (!d) return null;
  const l = toLocal(d, timeZone);
  return `${l.year}-${pad(l.month)}-${pad(l.day)}`;
};

/** What the platform knows of one document of one region without looking at the items. */
function platformEvidence(kind: PilotDocumentKind, r: RegionRow, due: { dueDate: string | null }): PlatformEvidence {
  const approved = r.approved_version !== null && r.document !== null;
  const base = r.roadmap_id && r.approved_version ? `/roadmaps/${encodeURIComponent(r.roadmap_id)}/versions/${r.approved_version}` : null;
  const page = r.roadmap_id ? { label: 'дорожная карта', href: `/roadmaps/${encodeURIComponent(r.roadmap_id)}` } : null;
  const approvedOn = isoDay(r.approved_at, r.time_zone);
  const done = (date: string | null, dateLabel: string, links: DocumentLink[], note: string): PlatformEvidence => ({ state: 'done', date, dateLabel, links, note });
  // Until the road map is approved, its cell says why the others are empty: they stay bare.
  const missing = (note = ''): PlatformEvidence => ({ state: 'missing', date: null, dateLabel: null, links: [], note: approved ? note : '' });
  const doc = r.document;
  switch (kind) {
    case 'roadmap':
      if (approved) return done(approvedOn, 'утверждена', [{ label: 'дорожная карта (DOCX)', href: `${base}/roadmap.docx` }, page!], `редакция ${r.approved_version}`);
      if (r.roadmap_id) return { state: 'in_work', date: due.dueDate, dateLabel: 'срок', links: [page!], note: roadMapStatusLabel[r.status!] ?? r.status! };
      return { state: 'missing', date: due.dueDate, dateLabel: 'срок', links: [], note: 'не представлена' };
    case 'legal_act': {
      const act = approved ? doc!.legalAct : null;
      const files = (approved ? r.act_files ?? [] : []).map((f) => ({ label: f.name, href: `/attachments/${encodeURIComponent(f.id)}` }));
      if (act) return done(act.date, 'от', [...files, page!], `${act.kind} № ${act.number}`);
      if (files.length) return done(approvedOn, 'приложен', [...files, page!], 'подписанный акт приложен к утверждению');
      return missing('не указан при утверждении');
    }
    case 'appointment_order':
      if (approved && r.tfoms_id && doc!.directions.some((d) => d.party === 'TFOMS'))
        return done(approvedOn, 'по редакции от', [{ label: 'распоряжение (DOCX)', href: `${base}/appointments.docx?organisation=${encodeURIComponent(r.tfoms_id)}` }], 'по утверждённой редакции');
      return missing('нет направлений ТФОМС');
    case 'smo_local_act': {
      if (!approved) return missing();
      const smo = r.smo ?? [];
      const named = new Set((doc!.appointments ?? []).map((a) => a.organisationId));
      const covered = smo.filter((s) => named.has(s.id));
      const links = covered.map((s) => ({ label: `${s.name} (DOCX)`, href: `${base}/appointments.docx?organisation=${encodeURIComponent(s.id)}` }));
      if (!smo.length) return missing('в регионе нет СМО');
      if (covered.length === smo.length) return done(approvedOn, 'по редакции от', links, `все СМО: ${smo.length}`);
      if (covered.length) return { state: 'in_work', date: null, dateLabel: null, links, note: `СМО с назначениями: ${covered.length} из ${smo.length}` };
      return missing(`СМО с назначениями: 0 из ${smo.length}`);
    }
    case 'financing_plan':
      if (approved && doc!.directions.some((d) => d.items.some((i) => (i.financing ?? []).length)))
        return done(approvedOn, 'по редакции от', [{ label: 'план финансирования (XLSX)', href: `${base}/financing.xlsx` }], 'по утверждённой редакции');
      return missing('в дорожной карте нет финансирования');
    default:
      return missing();
  }
}

/**
 * The readiness of the pilot's documents: for every region in the actor's
 * scope and each of the seven documents of seed 000, missing / in work /
 * done with a date and links. Two statements whatever the number of regions:
 * the regions with their road map's approved version, then the executions of
 * every item that produces one of the documents.
 */
export async function pilotReadiness(sql: postgres.Sql, actor: Actor, now = new Date()): Promise<PilotReadiness> {
  const scope = requireFederalScope(actor);
  const rows = await sql<RegionRow[]>`
    with pilot as (
      select pr.region_code, pr.group_id, pr.roadmap_due_date::text as roadmap_due_date, pr.roadmap_last_rung, g.name as region_name, g.federal_district, g.time_zone
      from pilot_regions pr join regions g on g.code = pr.region_code
      where pr.programme_id = ${pilotProgramme.id} and pr.region_code = any(${scope.regionCodes})
    ), rm as (
      select distinct on (r.region_code) r.region_code, r.id, r.status, r.approved_version, r.updated_at
      from roadmaps r where r.region_code in (select region_code from pilot)
      order by r.region_code, (r.approved_version is not null) desc, r.updated_at desc
    )
    select pilot.*, rm.id as roadmap_id, rm.status, rm.approved_version, rm.updated_at, v.document, v.approved_at,
           (select min(o.id) from organisations o where o.region_code = pilot.region_code and o.kind = 'TFOMS') as tfoms_id,
           (select json_agg(json_build_object('id', o.id, 'name', o.name) order by o.name) from organisations o
             where o.region_code = pilot.region_code and o.kind = 'SMO' and o.deactivated_at is null) as smo,
           (select json_agg(json_build_object('id', a.id, 'name', a.name) order by a.attached_at) from attachments a
             where a.attached_kind = 'roadmap_version' and a.attached_id = rm.id || '/' || rm.approved_version) as act_files
    from pilot left join rm on rm.region_code = pilot.region_code
    left join roadmap_versions v on v.roadmap_id = rm.id and v.version = rm.approved_version`;

  // Which items of each approved version produce which document (the domain's rule).
  const itemKinds = new Map<string, Map<string, PilotDocumentKind>>();
  const pairs: { roadmap: string[]; item: string[] } = { roadmap: [], item: [] };
  for (const r of rows) {
    if (!r.roadmap_id || !r.document || r.approved_version === null) continue;
    const kinds = new Map<string, PilotDocumentKind>();
    for (const d of r.document.directions)
      for (const i of d.items) {
        const kind = pilotDocumentKindOf(i);
        if (!kind) continue;
        kinds.set(i.id, kind);
        pairs.roadmap.push(r.roadmap_id);
        pairs.item.push(i.id);
      }
    itemKinds.set(r.roadmap_id, kinds);
  }
  const executions = pairs.item.length
    ? await sql<ExecutionRow[]>`
        with wanted as (select * from unnest(${pairs.roadmap}::text[], ${pairs.item}::text[]) as w(roadmap_id, item_id)),
        ex as (
          select e.* from item_executions e join wanted w on w.roadmap_id = e.roadmap_id and w.item_id = e.item_id
        ), att as (
          select distinct on (ex.roadmap_id, ex.item_id) ex.roadmap_id, ex.item_id, a.id, a.name
          from attachments a join ex on ex.id = a.attached_id where a.attached_kind = 'execution'
          order by ex.roadmap_id, ex.item_id, a.attached_at desc
        )
        select ex.roadmap_id, ex.item_id, count(*)::int as executions,
               (count(*) filter (where ex.status = 'accepted'))::int as accepted, (count(*) filter (where ex.status = 'cancelled'))::int as cancelled,
               max(ex.accepted_at) filter (where ex.status = 'accepted') as last_accepted_at,
               min(ex.deadline_at) filter (where ex.status not in ('accepted', 'cancelled')) as next_deadline_at,
               (array_agg(ex.id order by (ex.status in ('accepted', 'cancelled')), ex.deadline_at, ex.id))[1] as execution_id,
               min(att.id) as attachment_id, min(att.name) as attachment_name
        from ex left join att on att.roadmap_id = ex.roadmap_id and att.item_id = ex.item_id
        group by ex.roadmap_id, ex.item_id`
    : [];

  // Sum the evidence of every item of a road map that produces the same document.
  const evidence = new Map<string, ItemEvidence>();
  for (const e of executions) {
    const kind = itemKinds.get(e.roadmap_id)?.get(e.item_id);
    if (!kind) continue;
    const key = `${e.roadmap_id}|${kind}`;
    const prev = evidence.get(key);
    const later = (a: string | null, b: string | null) => (!a ? b : !b ? a : a > b ? a : b);
    const earlier = (a: string | null, b: string | null) => (!a ? b : !b ? a : a < b ? a : b);
    const acc = e.last_accepted_at?.toISOString() ?? null;
    const next = e.next_deadline_at?.toISOString() ?? null;
    evidence.set(key, {
      executions: (prev?.executions ?? 0) + e.executions,
      accepted: (prev?.accepted ?? 0) + e.accepted,
      cancelled: (prev?.cancelled ?? 0) + e.cancelled,
      lastAcceptedAt: later(prev?.lastAcceptedAt ?? null, acc),
      nextDeadlineAt: earlier(prev?.nextDeadlineAt ?? null, next),
      // The open one first: that is where the work is.
      executionId: prev?.executionId && prev.nextDeadlineAt ? prev.executionId : next ? e.execution_id : prev?.executionId ?? e.execution_id,
      attachment: prev?.attachment ?? (e.attachment_id ? { id: e.attachment_id, name: e.attachment_name! } : null),
    });
  }

  const groups = new Map(pilotProgramme.groups.map((g) => [g.id, g]));
  const totals = Object.fromEntries(pilotDocumentKinds.map((k) => [k, { missing: 0, in_work: 0, done: 0 }])) as PilotReadiness['totals'];
  const regions: ReadinessRegion[] = rows.map((r) => {
    const dueDate = roadMapDueDate(pilotProgramme.roadMapDueDate, r.roadmap_due_date);
    const dueAt = dueDate ? roadMapDueAt(dueDate, r.time_zone, workingCalendarFor(r.region_code)) : null;
    const cells = pilotDocumentKinds.map((kind) => {
      const items = r.roadmap_id ? evidence.get(`${r.roadmap_id}|${kind}`) ?? null : null;
      const cell = decideDocumentCell(kind, items, platformEvidence(kind, r, { dueDate }));
      // Instants from the items are shown as the region's dates.
      const date = cell.date && cell.date.includes('T') ? isoDay(new Date(cell.date), r.time_zone) : cell.date;
      totals[kind][cell.state]++;
      return { kind, ...cell, date, stateLabel: documentCellLabel[cell.state] };
    });
    return {
      regionCode: r.region_code,
      regionName: r.region_name,
      groupId: r.group_id,
      groupNumber: groups.get(r.group_id)!.number,
      federalDistrict: r.federal_district,
      roadMap: r.roadmap_id ? { id: r.roadmap_id, status: r.status!, approvedVersion: r.approved_version } : null,
      roadMapDeadline: dueDate && dueAt ? {
        dueDate,
        dueAt: { at: dueAt.toISOString(), local: formatRuDateTime(dueAt, r.time_zone), moscow: formatRuDateTime(dueAt, MOSCOW) },
        overdue: r.approved_version === null && now.getTime() > dueAt.getTime(),
        lastRung: r.roadmap_last_rung,
        lastRungLabel: r.roadmap_last_rung ? federalRecipientLabel[r.roadmap_last_rung as FederalRecipient] ?? r.roadmap_last_rung : null,
      } : null,
      cells,
    };
  });
  const district = (d: string) => federalDistrictOrder.indexOf(d as never);
  regions.sort((a, b) => a.groupNumber - b.groupNumber || district(a.federalDistrict) - district(b.federalDistrict) || a.regionName.localeCompare(b.regionName, 'ru'));
  return { generatedAt: now.toISOString(), documents: pilotDocumentKinds.map((kind) => ({ kind, label: pilotDocumentLabel[kind] })), regions, totals };
}
