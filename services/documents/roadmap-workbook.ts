/**
 * The road-map workbook officials fill in: one sheet per part of the document, a header row, data from row 2.
 * The template, the export of a version and the import all read this one description, so they cannot drift apart.
 */
export const SHEET = {
  general: 'Дорожная карта',
  directions: 'Направления',
  items: 'Мероприятия',
  financing: 'Финансирование',
  appointments: 'Назначения',
  parameters: 'Параметры',
} as const;

/** The general sheet is label → value, one per row. */
export const GENERAL = {
  title: 'Наименование',
  regionCode: 'Код региона',
  startDate: 'Дата начала (ДД.ММ.ГГГГ)',
  coordinator: 'Координатор мониторинга (логин)',
  workdayEnd: 'Окончание рабочего дня (ЧЧ:ММ)',
  participatingMoIds: 'Участвующие МО (коды через ;)',
  actKind: 'Правовой акт: вид',
  actNumber: 'Правовой акт: номер',
  actDate: 'Правовой акт: дата (ДД.ММ.ГГГГ)',
  actTitle: 'Правовой акт: наименование',
} as const;

export const DIRECTION_COLUMNS = ['Код', 'Сторона (ТФОМС/СМО)', 'Наименование'] as const;
export const ITEM_COLUMNS = [
  'Направление (код)',
  'Код',
  'Мероприятие',
  'Срок (ДД.ММ.ГГГГ)',
  'Исполнитель (логин)',
  'Контролирующее лицо (логин)',
  'Охват (все МО / в целом / коды МО через ;)',
  'Ожидаемый результат',
  'Документ',
  'Показатели (коды через ;)',
  'Прочее (JSON)',
] as const;
export const FINANCING_COLUMNS = ['Мероприятие (код)', 'МО (код)', 'Статья расходов', 'Источник', 'Сумма, руб.'] as const;
export const APPOINTMENT_COLUMNS = ['Направление (код)', 'МО (код)', 'Организация (код)', 'Ответственный (логин)'] as const;
/** Parts officials do not type (indicators, the ladder, the monitoring week, anything newer): key → JSON, carried as is. */
export const PARAMETER_COLUMNS = ['Параметр', 'Значение (JSON)'] as const;

export const SCOPE_ALL = 'все МО';
export const SCOPE_FUND = 'в целом';
export const PARTY = { TFOMS: 'ТФОМС', SMO: 'СМО' } as const;

/** Item fields the columns above carry; any other field of an item travels in «Прочее (JSON)». */
export const ITEM_FIELDS = new Set(['id', 'title', 'deadline', 'executorId', 'controllerId', 'scope', 'expectedResult', 'resultDocument', 'financing', 'indicatorIds']);
/** Document fields with a place of their own; the rest go to «Параметры». */
export const DOCUMENT_FIELDS = new Set(['title', 'regionCode', 'legalAct', 'startDate', 'coordinatorId', 'participatingMoIds', 'directions', 'appointments', 'workdayEnd']);

export const columnLetter = (index: number) => String.fromCharCode(65 + index);
