/**
 * The federal pilot of seed 000: replication of model («бережливые»)
 * polyclinics in 30 regions, in four district groups, each curated by the
 * ТФОМС director of one of its regions. Pure data and rules, no zod: the
 * workflow sandbox loads it.
 */
import type { Actor } from '../actor.js';

export interface PilotGroup {
  id: string;
  number: number;
  /** As on the deck's first slide. */
  title: string;
  /** The group's curator is whoever directs the ТФОМС of this region (acting officials included). */
  curatorRegionCode: string;
  /** As the deck names them; the person behind the login is demo data. */
  curatorName: string;
  curatorRole: string;
  regionCodes: readonly string[];
}

export interface PilotProgramme {
  id: string;
  title: string;
  presentedBy: { name: string; position: string };
  /**
   * By this date every region's road map is to be approved (the end of that
   * working day, local); `pilot_regions.roadmap_due_date` sets or overrides it per region.
   * null: no programme-wide date, only the regions given one climb the ladder.
   */
  roadMapDueDate: string | null;
  /**
   * Methodological support of the whole pilot (seed 000): whoever directs the
   * ТФОМС of this region reads every pilot region, as ФОМС does. Data, like a
   * group's curator: no person id lives in the domain.
   */
  methodologicalSupport: { regionCode: string; name: string; role: string } | null;
  groups: readonly PilotGroup[];
}

export const pilotProgramme: PilotProgramme = {
  id: 'lean-polyclinic',
  title: 'Тиражирование модели «Бережливая поликлиника»: «дорожные карты» ТФОМС и СМО',
  presentedBy: { name: 'С.Г. Кравчук', position: 'начальник Управления организации ОМС ФОМС' },
  // The deck gives no date. A date in the past here would escalate every region without an approved road
  // map the moment a fund starts the platform: the pilot's data sets one per region (the demo does).
  roadMapDueDate: null,
  methodologicalSupport: { regionCode: '92', name: 'Гроздова Татьяна Юрьевна', role: 'методологическое сопровождение пилотного проекта' },
  groups: [
    {
      id: 'cfo-pfo',
      number: 1,
      title: 'ЦФО и ПФО',
      curatorRegionCode: '76',
      curatorName: 'Пушков Михаил Александрович',
      curatorRole: 'директор ТФОМС Ярославской области',
      // ЦФО: Белгородская, Московская, Рязанская, Тверская, Тульская, Ярославская;
      // ПФО: Мордовия, Удмуртия, Пермский край, Кировская, Нижегородская, Пензенская, Саратовская.
      regionCodes: ['31', '50', '62', '69', '71', '76', '13', '18', '59', '43', '52', '58', '64'],
    },
    {
      id: 'yufo-skfo',
      number: 2,
      title: 'ЮФО и СКФО',
      curatorRegionCode: '92',
      curatorName: 'Гроздова Татьяна Юрьевна',
      curatorRole: 'директор ТФОМС города Севастополя; методологическое сопровождение пилотного проекта',
      // ЮФО: Адыгея, Краснодарский край, Волгоградская, Севастополь; СКФО: Северная Осетия — Алания, Ставропольский край.
      regionCodes: ['01', '23', '34', '92', '15', '26'],
    },
    {
      id: 'szfo',
      number: 3,
      title: 'СЗФО',
      curatorRegionCode: '39',
      curatorName: 'Семенюк Элеонора Борисовна',
      curatorRole: 'директор ТФОМС Калининградской области',
      regionCodes: ['10', '39', '53', '60'],
    },
    {
      id: 'ufo-sfo-dfo',
      number: 4,
      title: 'УФО, СФО и ДФО',
      curatorRegionCode: '66',
      curatorName: 'Шелякин Валерий Александрович',
      curatorRole: 'директор ТФОМС Свердловской области',
      // УФО: Свердловская, Тюменская; СФО (as the deck has it, 2017): Бурятия, Алтайский край, Новосибирская, Томская; ДФО: Сахалинская.
      regionCodes: ['66', '72', '03', '22', '54', '70', '65'],
    },
  ],
};

const groupOfRegion = new Map(pilotProgramme.groups.flatMap((g) => g.regionCodes.map((c) => [c, g] as const)));

export function pilotGroupOf(regionCode: string): PilotGroup | undefined {
  return groupOfRegion.get(regionCode);
}

export const pilotRegionCodes: readonly string[] = pilotProgramme.groups.flatMap((g) => g.regionCodes);

/** ФОМС staff: the federal view of every region, and no command in any of them. */
export function isFederalStaff(actor: Actor): boolean {
  return actor.organisationKind === 'FOMS';
}

const directsTfomsOf = (actor: Actor, regionCode: string) =>
  actor.organisationKind === 'TFOMS' && actor.position === 'director' && actor.regionCode === regionCode;

/** The groups the actor curates: as the ТФОМС director of a group's curator region. */
export function curatedGroups(actor: Actor, programme: PilotProgramme = pilotProgramme): PilotGroup[] {
  if (actor.organisationKind !== 'TFOMS' || actor.position !== 'director' || !actor.regionCode) return [];
  return programme.groups.filter((g) => g.curatorRegionCode === actor.regionCode);
}

/** Methodological support of the pilot: the director of the ТФОМС the programme names for it. */
export function supportsPilotMethodologically(actor: Actor, programme: PilotProgramme = pilotProgramme): boolean {
  return programme.methodologicalSupport !== null && directsTfomsOf(actor, programme.methodologicalSupport.regionCode);
}

/** How far the actor sees the federal view: why, as well as which regions. */
export type FederalScopeKind = 'federal' | 'methodological_support' | 'curator' | 'own_region';

/**
 * Which pilot regions the actor sees in the federal view: ФОМС staff and the
 * pilot's methodological support all of them, a curator their groups'
 * regions, the ТФОМС staff of a pilot region (its coordinator, its director,
 * whom the region's escalations reach) their own region; anyone else none
 * (the federal routes answer 403).
 */
export function federalScope(actor: Actor, programme: PilotProgramme = pilotProgramme): { all: boolean; kind: FederalScopeKind; regionCodes: string[] } | null {
  const every = programme.groups.flatMap((g) => g.regionCodes);
  if (isFederalStaff(actor)) return { all: true, kind: 'federal', regionCodes: every };
  if (supportsPilotMethodologically(actor, programme)) return { all: true, kind: 'methodological_support', regionCodes: every };
  // The groups as the database has them (a ФОМС administrator changes them), else as the programme has them.
  const curated = actor.curatedRegionCodes ?? curatedGroups(actor, programme).flatMap((g) => g.regionCodes);
  if (curated.length) return { all: false, kind: 'curator', regionCodes: [...curated] };
  if (actor.organisationKind === 'TFOMS' && actor.regionCode && every.includes(actor.regionCode)) return { all: false, kind: 'own_region', regionCodes: [actor.regionCode] };
  return null;
}

/** A curator (or the pilot's methodological support) reads (never changes) their regions, besides directing their own. */
export function curatesRegion(actor: Actor, regionCode: string, programme: PilotProgramme = pilotProgramme): boolean {
  if (supportsPilotMethodologically(actor, programme)) return programme.groups.some((g) => g.regionCodes.includes(regionCode));
  if (actor.curatedRegionCodes) return actor.curatedRegionCodes.includes(regionCode);
  return curatedGroups(actor, programme).some((g) => g.regionCodes.includes(regionCode));
}
