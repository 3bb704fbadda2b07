import { russianProductionCalendar } from './calendar/working-calendar.js';
import { deadlineDate } from './deadline.js';
import { expenseLabel, isFinancingAllowed, sourceLabel } from './financing.js';
import type { Organisation } from './organisation.js';
import { isAtLeast, positionLabel, type Person } from './person.js';
import { type RoadMapDocument } from './roadmap.js';
import { itemsOf } from './roadmap-structure.js';
import type { FieldIssue } from './refusal.js';

/** What the rules need to know about the world: the people and organisations a road map names. */
export interface Directory {
  people: ReadonlyMap<string, Pick<Person, 'id' | 'organisationId' | 'position' | 'fullName'>>;
  organisations: ReadonlyMap<string, Pick<Organisation, 'id' | 'kind' | 'regionCode'>>;
}

/**
 * The rules of seed 000 for a road map about to be saved or submitted.
 * Each issue names the field, so the API and the forms can show it in place.
 */
export function checkRoadMap(doc: RoadMapDocument, dir: Directory): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: (string | number)[], message: string) => issues.push({ field: field.join('.'), message });

  const personIn = (field: (string | number)[], personId: string) => {
    const p = dir.people.get(personId);
    if (!p) {
      add(field, `сотрудник «${personId}» не найден`);
      return undefined;
    }
    const org = dir.organisations.get(p.organisationId);
    if (!org || org.regionCode !== doc.regionCode || (org.kind !== 'TFOMS' && org.kind !== 'SMO')) {
      add(field, `${p.fullName} не работает в ТФОМС или СМО этого региона`);
      return undefined;
    }
    return p;
  };

  const coordinator = personIn(['coordinatorId'], doc.coordinatorId);
  if (coordinator && !isAtLeast(coordinator.position, 'head_of_division')) {
    add(['coordinatorId'], `координатор мониторинга должен быть не ниже начальника отдела (сейчас: ${positionLabel[coordinator.position]})`);
  }

  const participating = new Set<string>();
  doc.participatingMoIds.forEach((moId, i) => {
    const org = dir.organisations.get(moId);
    if (!org || org.kind !== 'MO') add(['participatingMoIds', i], `медицинская организация «${moId}» не найдена`);
    else if (org.regionCode !== doc.regionCode) add(['participatingMoIds', i], `медицинская организация «${moId}» из другого региона`);
    if (participating.has(moId)) add(['participatingMoIds', i], `медицинская организация «${moId}» указана дважды`);
    participating.add(moId);
  });

  const indicatorIds = new Set<string>();
  doc.indicators.forEach((ind, i) => {
    if (indicatorIds.has(ind.id)) add(['indicators', i, 'id'], `показатель «${ind.id}» указан дважды`);
    indicatorIds.add(ind.id);
  });

  const directionIds = new Set<string>();
  doc.directions.forEach((d, i) => {
    if (directionIds.has(d.id)) add(['directions', i, 'id'], `направление «${d.id}» указано дважды`);
    directionIds.add(d.id);
  });

  const itemIds = new Set<string>();
  for (const { item, path } of itemsOf(doc)) {
    if (itemIds.has(item.id)) add([...path, 'id'], `мероприятие «${item.id}» указано дважды`);
    itemIds.add(item.id);

    const executor = personIn([...path, 'executorId'], item.executorId);
    if (executor && !isAtLeast(executor.position, 'head_of_directorate')) {
      add([...path, 'executorId'], `исполнитель должен быть не ниже начальника управления (сейчас: ${positionLabel[executor.position]})`);
    }
    const controller = personIn([...path, 'controllerId'], item.controllerId);
    if (controller && !isAtLeast(controller.position, 'head_of_directorate')) {
      add([...path, 'controllerId'], `контролирующее лицо должно быть не ниже начальника управления (сейчас: ${positionLabel[controller.position]})`);
    }
    if (item.executorId === item.controllerId) {
      add([...path, 'controllerId'], 'исполнитель не может контролировать собственное мероприятие');
    }

    const year = Number(deadlineDate(item.deadline).slice(0, 4));
    if (!russianProductionCalendar.coveredYears().includes(year)) {
      add([...path, 'deadline'], `производственный календарь на ${year} год не загружен (есть: ${russianProductionCalendar.coveredYears().join(', ')})`);
    }
    if (deadlineDate(item.deadline) < doc.startDate) {
      add([...path, 'deadline'], `срок исполнения раньше начала дорожной карты (${doc.startDate})`);
    }

    if (item.scope.kind === 'all_mo' && doc.participatingMoIds.length === 0) {
      add([...path, 'scope'], 'мероприятие для всех МО, но список участвующих МО пуст');
    }
    if (item.scope.kind === 'mo_list') {
      const seen = new Set<string>();
      item.scope.moIds.forEach((moId, i) => {
        if (!participating.has(moId)) add([...path, 'scope', 'moIds', i], `МО «${moId}» не входит в число участвующих`);
        if (seen.has(moId)) add([...path, 'scope', 'moIds', i], `МО «${moId}» указана дважды`);
        seen.add(moId);
      });
    }

    item.financing.forEach((line, i) => {
      if (!isFinancingAllowed(line.expense, line.source)) {
        add([...path, 'financing', i, 'source'], `«${expenseLabel[line.expense]}» не финансируется из источника «${sourceLabel[line.source]}»`);
      }
      if (!participating.has(line.moId)) add([...path, 'financing', i, 'moId'], `МО «${line.moId}» не входит в число участвующих`);
    });

    item.indicatorIds.forEach((id, i) => {
      if (!indicatorIds.has(id)) add([...path, 'indicatorIds', i], `показатель «${id}» не описан в дорожной карте`);
    });
  }

  doc.appointments.forEach((a, i) => {
    if (!directionIds.has(a.directionId)) add(['appointments', i, 'directionId'], `направление «${a.directionId}» не найдено`);
    if (!participating.has(a.moId)) add(['appointments', i, 'moId'], `МО «${a.moId}» не входит в число участвующих`);
    const p = personIn(['appointments', i, 'personId'], a.personId);
    if (p && p.organisationId !== a.organisationId) add(['appointments', i, 'personId'], `${p.fullName} не работает в организации «${a.organisationId}»`);
  });

  return issues;
}

/** Every person a document names: what the directory must be loaded with. */
export function namedPeople(doc: RoadMapDocument): Set<string> {
  const ids = new Set<string>([doc.coordinatorId]);
  for (const { item } of itemsOf(doc)) {
    ids.add(item.executorId);
    ids.add(item.controllerId);
  }
  for (const a of doc.appointments) ids.add(a.personId);
  return ids;
}
