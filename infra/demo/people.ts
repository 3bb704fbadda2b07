/**
 * Demo people. Names (ФИО) are invented; none of them is a person named in the seeds.
 * ids equal logins; every password is `demo` (plain here, hashed by whoever seeds the store).
 */
import type { Person } from '../../domain/person.js';
import { FOMS_ID, SMO1_ID, SMO2_ID, TFOMS_ID } from './orel-region.js';

export const DEMO_PASSWORD = 'demo';

export type DemoPerson = Person & { login: string; password: string };

function person(
  login: string,
  fullName: string,
  organisationId: string,
  position: Person['position'],
  positionTitle: string,
  roles: Person['roles'] = [],
): DemoPerson {
  return {
    id: login,
    login,
    password: DEMO_PASSWORD,
    fullName,
    organisationId,
    position,
    positionTitle,
    email: `${login}@demo-oms57.example`,
    roles,
  };
}

export const demoPeople: DemoPerson[] = [
  // ТФОМС Орловской области
  person('director', 'Белозёров Игорь Николаевич', TFOMS_ID, 'director', 'Директор ТФОМС Орловской области'),
  person(
    'controller',
    'Кудрявцева Марина Сергеевна',
    TFOMS_ID,
    'head_of_directorate',
    'Заместитель директора — начальник управления организации ОМС',
  ),
  person(
    'executor',
    'Тихонравов Алексей Петрович',
    TFOMS_ID,
    'head_of_directorate',
    'Начальник управления защиты прав застрахованных лиц',
  ),
  person(
    'quality',
    'Лебедянская Ольга Анатольевна',
    TFOMS_ID,
    'head_of_directorate',
    'Начальник управления контроля объёмов и качества медицинской помощи',
  ),
  person('finance', 'Морошкина Елена Викторовна', TFOMS_ID, 'head_of_directorate', 'Начальник финансово-экономического управления'),
  person('it', 'Гусельников Дмитрий Олегович', TFOMS_ID, 'head_of_directorate', 'Начальник управления информационных технологий'),
  person(
    'coordinator',
    'Сафронова Наталья Игоревна',
    TFOMS_ID,
    'head_of_division',
    'Начальник отдела организации ОМС управления организации ОМС',
  ),
  person(
    'admin',
    'Овчинников Павел Евгеньевич',
    TFOMS_ID,
    'head_of_division',
    'Начальник отдела программного обеспечения управления информационных технологий',
    ['admin'],
  ),
  person(
    'specialist',
    'Зайченко Анна Михайловна',
    TFOMS_ID,
    'specialist',
    'Главный специалист отдела организации ОМС',
  ),

  // СМО «Полис-Орёл» (first СМО)
  person(
    'smo',
    'Никитенко Светлана Валерьевна',
    SMO1_ID,
    'head_of_directorate',
    'Начальник управления по работе с застрахованными лицами',
  ),
  person(
    'smo-controller',
    'Ромашов Виктор Алексеевич',
    SMO1_ID,
    'head_of_directorate',
    'Заместитель директора — начальник управления организации ОМС',
  ),

  // СМО «Долголетие» (second СМО)
  person(
    'smo2',
    'Беловежская Ирина Константиновна',
    SMO2_ID,
    'head_of_directorate',
    'Начальник управления защиты прав застрахованных лиц',
  ),

  // ФОМС
  person(
    'curator',
    'Коваленков Сергей Дмитриевич',
    FOMS_ID,
    'head_of_directorate',
    'Начальник управления мониторинга территориальных проектов ФОМС',
    ['foms_curator'],
  ),
  // Keeps the pilot (regions, groups, curators) and appoints each region's first administrator.
  person(
    'foms-admin',
    'Ледовских Роман Артёмович',
    FOMS_ID,
    'head_of_division',
    'Начальник отдела сопровождения информационных систем ФОМС',
    ['foms_admin'],
  ),
];

export const REQUIRED_DEMO_LOGINS = [
  'director',
  'controller',
  'executor',
  'coordinator',
  'smo',
  'smo2',
  'smo-controller',
  'specialist',
  'curator',
  'admin',
] as const;
