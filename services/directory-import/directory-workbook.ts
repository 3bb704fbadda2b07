import { positionLabel, roleLabel, type PlatformRole, type PositionLevel } from '../../domain/person.js';

export { roleLabel };

/**
 * The directory workbooks a region fills in: one sheet per list (МО, СМО, staff), a header row,
 * a notes row under it explaining each column, data from row 3. The templates and the import both
 * read this one description, so they cannot drift apart.
 */
export const LIST = { mo: 'МО', smo: 'СМО', people: 'Сотрудники' } as const;
export type ListKind = keyof typeof LIST;
export const LIST_KINDS = Object.keys(LIST) as ListKind[];
/** The sheet of allowed values in every template; the import ignores it. */
export const VALUES_SHEET = 'Допустимые значения';

export const YES = 'да';
export const NO = 'нет';
export const ACTIVE = 'действует';
export const MO_CLOSED = 'закрыта';
export const PERSON_LEFT = 'выбыл';
/** In an optional cell of a person: clears the stored value (an empty cell leaves it as it is). */
export const CLEAR = 'нет';
/** The organisation column's word for the region's territorial fund. */
export const TFOMS_WORD = 'ТФОМС';

export interface Column {
  header: string;
  note: string;
  width: number;
  /** A pick list in the template. */
  values?: string[];
}

export const MO_COLUMNS: Column[] = [
  { header: 'Реестровый номер', note: 'номер в перечне МО региона: 22 или 22.1 (цифры и точки); по нему МО находится при повторной загрузке', width: 16 },
  { header: 'Наименование', note: 'полное наименование, как в перечне', width: 70 },
  { header: 'Структурное подразделение (номер головной МО)', note: 'для подразделения — реестровый номер головной МО (из этого файла или уже в справочнике); пусто — самостоятельная МО', width: 22 },
  { header: 'Участвует в пилотном проекте', note: `${YES} / ${NO}; пусто — ${NO}`, width: 16, values: [YES, NO] },
  { header: 'Статус', note: `${ACTIVE} / ${MO_CLOSED}; пусто — ${ACTIVE}`, width: 14, values: [ACTIVE, MO_CLOSED] },
];

export const SMO_COLUMNS: Column[] = [
  { header: 'Код СМО', note: 'латиница в нижнем регистре, цифры, . _ - (например smo-57-1); по нему СМО находится при повторной загрузке', width: 18 },
  { header: 'Наименование', note: 'полное наименование СМО (филиала)', width: 60 },
  { header: 'Руководитель (логин)', note: 'логин сотрудника этой СМО (с листа «Сотрудники» или уже в справочнике); пусто — не менять', width: 22 },
];

export const PEOPLE_COLUMNS: Column[] = [
  { header: 'Логин', note: 'латиница в нижнем регистре, цифры, . _ -; по нему сотрудник находится при повторной загрузке', width: 18 },
  { header: 'ФИО', note: 'Фамилия Имя Отчество', width: 36 },
  { header: 'Уровень должности', note: `${Object.values(positionLabel).join(' / ')}`, width: 22, values: Object.values(positionLabel) },
  { header: 'Должность', note: 'наименование должности, как в штатном расписании', width: 44 },
  { header: 'Организация', note: `${TFOMS_WORD}, код СМО или реестровый номер МО`, width: 18 },
  { header: 'Подразделение (управление, отдел)', note: `пусто — не менять; «${CLEAR}» — очистить`, width: 36 },
  { header: 'Электронная почта', note: `пусто — не менять; «${CLEAR}» — очистить`, width: 28 },
  { header: 'Роли (через ;)', note: `${Object.values(roleLabel).join('; ')}; пусто — не менять; «${CLEAR}» — снять все`, width: 26 },
  { header: 'Статус', note: `${ACTIVE} / ${PERSON_LEFT}; пусто — ${ACTIVE}`, width: 14, values: [ACTIVE, PERSON_LEFT] },
];

export const COLUMNS: Record<ListKind, Column[]> = { mo: MO_COLUMNS, smo: SMO_COLUMNS, people: PEOPLE_COLUMNS };
export const FIRST_DATA_ROW = 3;

const byWord = <K extends string>(labels: Record<K, string>) =>
  new Map<string, K>(Object.entries(labels).flatMap(([k, v]) => [[(v as string).toLowerCase(), k as K], [k.toLowerCase(), k as K]]));
export const positionByWord = byWord<PositionLevel>(positionLabel);
export const roleByWord = byWord<PlatformRole>(roleLabel);

/** 22, 22.1: the shape of a registry number (also how the organisation column tells an МО from an СМО code). */
export const REGISTRY_NUMBER = /^\d{1,6}(\.\d{1,4}){0,3}$/;
/** An organisation or person id as the platform stores it (domain/organisation.ts, domain/person.ts). */
export const CODE = /^[a-z0-9][a-z0-9._-]{0,63}$/;
