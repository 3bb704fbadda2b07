/**
 * Demo data of the federal level: seven pilot regions with their own ТФОМС,
 * СМО and МО (Ярославская, Калининградская, Свердловская, Сахалинская,
 * Тюменская, Нижегородская, Ставропольский край — so that a week shows every
 * state: approved, submitted, draft, monitoring starting next week), the
 * ТФОМС of г. Севастополь (its director curates group 2), and ФОМС's
 * Кравчук С.Г. The curators are named as on the deck of seed 000; every
 * other name, and every СМО and МО, is invented demo data.
 */
import type { Organisation } from '../../domain/organisation.js';
import type { Person } from '../../domain/person.js';
import { DEMO_PASSWORD, type DemoPerson } from './people.js';
import { FOMS_ID } from './orel-region.js';

export interface PilotDemoRegion {
  code: string;
  prefix: string;
  /** What the demo shows of it. */
  state: 'approved' | 'submitted' | 'approved_late_week' | 'draft' | 'none';
  tfoms: string;
  smo: string[];
  mo: string[];
  director: [login: string, fullName: string];
  coordinator: [login: string, fullName: string];
  heads: [login: string, fullName: string, title: string][];
  smoHead: [login: string, fullName: string];
}

export const pilotDemoRegions: PilotDemoRegion[] = [
  {
    code: '76', prefix: 'yar', state: 'approved',
    tfoms: 'Территориальный фонд обязательного медицинского страхования Ярославской области',
    smo: ['СМО «Волга-Полис» (демо)', 'СМО «Ярмедстрах» (демо)'],
    mo: ['ГБУЗ ЯО «Поликлиника № 1» (демо)', 'ГБУЗ ЯО «Детская поликлиника № 2» (демо)', 'ГБУЗ ЯО «Рыбинская ЦРБ» (демо)'],
    director: ['pushkov', 'Пушков Михаил Александрович'],
    coordinator: ['yar-coordinator', 'Лаврентьева Ольга Петровна'],
    heads: [['yar-head', 'Сомов Денис Игоревич', 'Начальник управления организации ОМС'], ['yar-deputy', 'Кругликова Анна Сергеевна', 'Заместитель директора — начальник управления']],
    smoHead: ['yar-smo', 'Тарасов Илья Викторович'],
  },
  {
    code: '39', prefix: 'kld', state: 'submitted',
    tfoms: 'Территориальный фонд обязательного медицинского страхования Калининградской области',
    smo: ['СМО «Янтарь-Мед» (демо)'],
    mo: ['ГБУЗ КО «Городская поликлиника № 3» (демо)', 'ГБУЗ КО «Черняховская ЦРБ» (демо)'],
    director: ['semenyuk', 'Семенюк Элеонора Борисовна'],
    coordinator: ['kld-coordinator', 'Балтийская Инна Юрьевна'],
    heads: [['kld-head', 'Корнеев Павел Андреевич', 'Начальник управления организации ОМС'], ['kld-deputy', 'Осипова Лариса Николаевна', 'Заместитель директора — начальник управления']],
    smoHead: ['kld-smo', 'Рыбаков Антон Олегович'],
  },
  {
    code: '66', prefix: 'ekb', state: 'approved_late_week',
    tfoms: 'Территориальный фонд обязательного медицинского страхования Свердловской области',
    smo: ['СМО «Урал-Здоровье» (демо)', 'СМО «Исеть-Полис» (демо)'],
    mo: ['ГАУЗ СО «Городская поликлиника № 5» (демо)', 'ГАУЗ СО «Нижнетагильская поликлиника» (демо)', 'ГАУЗ СО «Каменская ЦРБ» (демо)'],
    director: ['shelyakin', 'Шелякин Валерий Александрович'],
    coordinator: ['ekb-coordinator', 'Уральцева Марина Викторовна'],
    heads: [['ekb-head', 'Демидов Сергей Павлович', 'Начальник управления организации ОМС'], ['ekb-deputy', 'Хрусталёва Елена Игоревна', 'Заместитель директора — начальник управления']],
    smoHead: ['ekb-smo', 'Малахов Роман Сергеевич'],
  },
  {
    code: '65', prefix: 'sakh', state: 'draft',
    tfoms: 'Территориальный фонд обязательного медицинского страхования Сахалинской области',
    smo: ['СМО «Остров-Мед» (демо)'],
    mo: ['ГБУЗ «Южно-Сахалинская городская поликлиника № 1» (демо)', 'ГБУЗ «Корсаковская ЦРБ» (демо)'],
    director: ['sakh-director', 'Островский Геннадий Львович'],
    coordinator: ['sakh-coordinator', 'Курильская Яна Романовна'],
    heads: [['sakh-head', 'Тымовский Артём Ильич', 'Начальник управления организации ОМС'], ['sakh-deputy', 'Анивская Вера Олеговна', 'Заместитель директора — начальник управления']],
    smoHead: ['sakh-smo', 'Холмский Олег Дмитриевич'],
  },
  {
    code: '72', prefix: 'tmn', state: 'draft',
    tfoms: 'Территориальный фонд обязательного медицинского страхования Тюменской области',
    smo: ['СМО «Тура-Мед» (демо)'],
    mo: ['ГБУЗ ТО «Городская поликлиника № 8» (демо)', 'ГБУЗ ТО «Тобольская ЦРБ» (демо)'],
    director: ['tmn-director', 'Тобольцев Игорь Семёнович'],
    coordinator: ['tmn-coordinator', 'Ишимова Дарья Андреевна'],
    heads: [['tmn-head', 'Ялуторовский Павел Ильич', 'Начальник управления организации ОМС'], ['tmn-deputy', 'Заводоуковская Нина Петровна', 'Заместитель директора — начальник управления']],
    smoHead: ['tmn-smo', 'Туринский Глеб Аркадьевич'],
  },
  {
    code: '52', prefix: 'nn', state: 'approved',
    tfoms: 'Территориальный фонд обязательного медицинского страхования Нижегородской области',
    smo: ['СМО «Ока-Полис» (демо)'],
    mo: ['ГБУЗ НО «Городская поликлиника № 7» (демо)', 'ГБУЗ НО «Арзамасская ЦРБ» (демо)'],
    director: ['nn-director', 'Волжский Аркадий Борисович'],
    coordinator: ['nn-coordinator', 'Окская Вероника Игоревна'],
    heads: [['nn-head', 'Городецкий Степан Ильич', 'Начальник управления организации ОМС'], ['nn-deputy', 'Балахнина Ольга Сергеевна', 'Заместитель директора — начальник управления']],
    smoHead: ['nn-smo', 'Кстовский Игорь Павлович'],
  },
  {
    code: '26', prefix: 'stv', state: 'submitted',
    tfoms: 'Территориальный фонд обязательного медицинского страхования Ставропольского края',
    smo: ['СМО «Кавказ-Мед» (демо)'],
    mo: ['ГБУЗ СК «Городская поликлиника № 2» (демо)', 'ГБУЗ СК «Пятигорская поликлиника» (демо)'],
    director: ['stv-director', 'Машуков Руслан Ахмедович'],
    coordinator: ['stv-coordinator', 'Кисловодская Ирина Олеговна'],
    heads: [['stv-head', 'Ессентуков Максим Юрьевич', 'Начальник управления организации ОМС'], ['stv-deputy', 'Минераловодская Елена Павловна', 'Заместитель директора — начальник управления']],
    smoHead: ['stv-smo', 'Бештаунов Артур Русланович'],
  },
  {
    code: '92', prefix: 'sev', state: 'none',
    tfoms: 'Территориальный фонд обязательного медицинского страхования города Севастополя',
    smo: [],
    mo: [],
    director: ['grozdova', 'Гроздова Татьяна Юрьевна'],
    coordinator: ['sev-coordinator', 'Херсонесская Алла Викторовна'],
    heads: [],
    smoHead: ['', ''],
  },
];

export const tfomsIdOf = (r: PilotDemoRegion) => `tfoms-${r.code}`;
export const smoIdOf = (r: PilotDemoRegion, i: number) => `smo-${r.code}-${i + 1}`;
export const moIdOf = (r: PilotDemoRegion, i: number) => `mo-${r.code}-${i + 1}`;

export const pilotDemoOrganisations: Organisation[] = pilotDemoRegions.flatMap((r) => [
  { id: tfomsIdOf(r), kind: 'TFOMS' as const, name: r.tfoms, regionCode: r.code, registryNumber: null, parentId: null },
  ...r.smo.map((name, i) => ({ id: smoIdOf(r, i), kind: 'SMO' as const, name, regionCode: r.code, registryNumber: null, parentId: null })),
  ...r.mo.map((name, i) => ({ id: moIdOf(r, i), kind: 'MO' as const, name, regionCode: r.code, registryNumber: String(i + 1), parentId: null })),
]);

function person(login: string, fullName: string, organisationId: string, position: Person['position'], positionTitle: string): DemoPerson {
  return { id: login, login, password: DEMO_PASSWORD, fullName, organisationId, position, positionTitle, email: `${login}@demo-oms.example`, roles: [] };
}

export const pilotDemoPeople: DemoPerson[] = [
  person('foms', 'Кравчук С.Г.', FOMS_ID, 'head_of_directorate', 'Начальник Управления организации ОМС ФОМС'),
  ...pilotDemoRegions.flatMap((r) => {
    const name = r.tfoms.replace('Территориальный фонд обязательного медицинского страхования ', '');
    return [
      person(r.director[0], r.director[1], tfomsIdOf(r), 'director', `Директор ТФОМС ${name}`),
      person(r.coordinator[0], r.coordinator[1], tfomsIdOf(r), 'head_of_division', 'Начальник отдела организации ОМС (координатор мониторинга)'),
      ...r.heads.map(([login, fullName, title]) => person(login, fullName, tfomsIdOf(r), 'head_of_directorate', title)),
      ...(r.smo.length ? [person(r.smoHead[0], r.smoHead[1], smoIdOf(r, 0), 'head_of_directorate', 'Начальник управления по работе с застрахованными лицами')] : []),
    ];
  }),
];
