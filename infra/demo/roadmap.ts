/**
 * The demo road map: Орловская область, 2017, built on the ТФОМС duties and the
 * seven СМО activities of seed 000 (ФОМС deck «Тиражирование опыта создания
 * поликлиник-образцов на основе технологий бережливого производства»).
 *
 * Conventions:
 * - executors and controllers are ТФОМС/СМО people at least head of a directorate,
 *   never the same person on one item;
 * - fund-level items (orders, agreements' templates, reports) have scope `fund`,
 *   per-МО activities `all_mo` or `mo_list`;
 * - financing uses only the expense → source pairs of the «Источники финансирования» slide;
 * - deadlines are working days of 2017, except the second survey wave, which seed 000
 *   fixes at 01.07.2017 (a Saturday) — kept as the seed says.
 */
import type { Appointment, RoadMapDocumentInput } from '../../domain/roadmap.js';
import { demoIndicators, informingIndicator } from './indicators.js';
import { SMO1_ID, TFOMS_ID, demoParticipatingMoIds, moId } from './orel-region.js';

// Participating МО (see demoParticipatingMoIds).
const OBL_POLY_2 = moId('3'); // Областная поликлиника № 2
const CHILD_POLY_1 = moId('10'); // Детская поликлиника № 1
const CHILD_POLY_2 = moId('11'); // Детская поликлиника № 2
const POLY_1 = moId('13'); // Поликлиника № 1
const POLY_2 = moId('14'); // Поликлиника № 2
const POLY_3 = moId('15'); // Поликлиника № 3
const LIVNY_CRB = moId('33'); // Ливенская ЦРБ
const MTSENSK_CRB = moId('35'); // Мценская ЦРБ

const SATISFACTION = 'samara-01';
const CHILD_CHECKUPS = 'samara-16';
const ONCO_EARLY = 'samara-20';
const COMPLAINTS = 'samara-23';
const INFORMING = informingIndicator.id;

type DirectionInput = RoadMapDocumentInput['directions'][number];

const tfomsDirections: DirectionInput[] = [
  {
    id: 'tfoms-roadmap',
    party: 'TFOMS',
    title: 'Разработка и утверждение плана мероприятий проекта («Дорожной карты») ТФОМС и СМО',
    items: [
      {
        id: 'tfoms-roadmap-1',
        title:
          'Разработка плана мероприятий проекта («Дорожной карты») для реализации ТФОМС и СМО с указанием сроков исполнения и ответственных лиц (исполнители и контролирующие лица — не ниже начальника управления ТФОМС)',
        deadline: { date: '2017-03-06' },
        executorId: 'controller',
        controllerId: 'director',
        scope: { kind: 'fund' },
        expectedResult: 'План мероприятий проекта («Дорожная карта») ТФОМС и СМО утвержден директором ТФОМС',
        resultDocument: 'План мероприятий проекта («Дорожная карта») ТФОМС и СМО, утвержденный директором ТФОМС',
      },
      {
        id: 'tfoms-roadmap-2',
        title:
          'Подготовка проекта совместного приказа Департамента социальной политики Орловской области и ТФОМС Орловской области об утверждении «Дорожной карты»',
        deadline: { date: '2017-03-10' },
        executorId: 'controller',
        controllerId: 'director',
        scope: { kind: 'fund' },
        expectedResult: 'Проект совместного приказа согласован с Департаментом социальной политики Орловской области и направлен на подпись',
        resultDocument:
          'Совместный приказ Департамента социальной политики Орловской области и ТФОМС Орловской области об утверждении «Дорожной карты»',
      },
    ],
  },
  {
    id: 'tfoms-responsible',
    party: 'TFOMS',
    title: 'Назначение ответственных лиц ТФОМС за реализацию направлений/мероприятий проекта по каждой медицинской организации',
    items: [
      {
        id: 'tfoms-responsible-1',
        title:
          'Издание распоряжения директора ТФОМС о назначении ответственных лиц за реализацию каждого из направлений/мероприятий проекта из числа штатных сотрудников ТФОМС по каждой медицинской организации',
        deadline: { date: '2017-03-10' },
        executorId: 'controller',
        controllerId: 'director',
        scope: { kind: 'fund' },
        expectedResult: 'По каждой участвующей медицинской организации и каждому направлению назначен ответственный сотрудник ТФОМС',
        resultDocument:
          'Распоряжение директора ТФОМС о назначении ответственных лиц за реализацию проекта (со списком по медицинским организациям)',
      },
      {
        id: 'tfoms-responsible-2',
        title: 'Доведение списков ответственных лиц ТФОМС и СМО до руководителя медицинской организации, определение контактного лица медицинской организации',
        deadline: { date: '2017-03-17' },
        executorId: 'executor',
        controllerId: 'controller',
        scope: { kind: 'all_mo' },
        expectedResult: 'Руководитель медицинской организации ознакомлен со списками ответственных лиц, контактное лицо медицинской организации определено',
      },
    ],
  },
  {
    id: 'tfoms-integration',
    party: 'TFOMS',
    title: 'Интеграция «Дорожной карты» ТФОМС в план реализации мероприятий проекта («Дорожную карту») Орловской области',
    items: [
      {
        id: 'tfoms-integration-1',
        title:
          'Направление «Дорожной карты» ТФОМС в Департамент социальной политики Орловской области для включения в региональный план реализации мероприятий проекта',
        deadline: { date: '2017-03-17' },
        executorId: 'controller',
        controllerId: 'director',
        scope: { kind: 'fund' },
        expectedResult: 'Мероприятия ТФОМС и СМО переданы для включения в региональную «Дорожную карту»',
        resultDocument: 'Письмо ТФОМС Орловской области в Департамент социальной политики Орловской области',
      },
      {
        id: 'tfoms-integration-2',
        title: 'Сверка сроков и ответственных лиц «Дорожной карты» ТФОМС с региональной «Дорожной картой» Орловской области, устранение расхождений',
        deadline: { date: '2017-03-31' },
        executorId: 'controller',
        controllerId: 'director',
        scope: { kind: 'fund' },
        expectedResult: 'Мероприятия ТФОМС и СМО включены в региональную «Дорожную карту» без расхождений в сроках',
      },
    ],
  },
  {
    id: 'tfoms-monitoring',
    party: 'TFOMS',
    title: 'Еженедельный мониторинг выполнения плана мероприятий ТФОМС и СМО',
    items: [
      {
        id: 'tfoms-monitoring-1',
        title: 'Утверждение формы еженедельного отчета и порядка мониторинга выполнения плана мероприятий ТФОМС и СМО',
        deadline: { date: '2017-03-10' },
        executorId: 'controller',
        controllerId: 'director',
        scope: { kind: 'fund' },
        expectedResult: 'Утверждены форма еженедельного отчета, сроки его представления и координатор мониторинга',
        resultDocument: 'Приказ ТФОМС об организации еженедельного мониторинга выполнения плана мероприятий проекта',
      },
      {
        id: 'tfoms-monitoring-2',
        title: 'Еженедельный сбор и анализ сведений о выполнении плана мероприятий ТФОМС и СМО по медицинской организации',
        deadline: { date: '2017-12-29' },
        executorId: 'controller',
        controllerId: 'director',
        scope: { kind: 'all_mo' },
        expectedResult: 'Еженедельные сведения по медицинской организации собраны, отклонения от сроков выявлены и доведены до ответственных лиц',
      },
      {
        id: 'tfoms-monitoring-3',
        title: 'Представление в ФОМС еженедельного отчета о ходе реализации проекта в Орловской области',
        deadline: { date: '2017-12-29' },
        executorId: 'controller',
        controllerId: 'director',
        scope: { kind: 'fund' },
        expectedResult: 'Отчеты представлены в ФОМС еженедельно в установленный срок',
        resultDocument: 'Еженедельный отчет о выполнении плана мероприятий ТФОМС и СМО',
      },
    ],
  },
  {
    id: 'tfoms-it',
    party: 'TFOMS',
    title: 'Анализ программного обеспечения с учетом необходимости оптимизации и интеграции информационных систем ТФОМС, СМО и медицинских организаций',
    items: [
      {
        id: 'tfoms-it-1',
        title:
          'Анализ медицинской информационной системы медицинской организации (запись на прием, регистратура, учет диспансеризации) и ее взаимодействия с информационными системами ТФОМС и СМО',
        deadline: { date: '2017-04-14' },
        executorId: 'it',
        controllerId: 'controller',
        scope: { kind: 'all_mo' },
        expectedResult: 'Составлен перечень используемого программного обеспечения и узких мест информационного обмена медицинской организации',
      },
      {
        id: 'tfoms-it-2',
        title: 'Подготовка предложений по оптимизации и интеграции информационных систем ТФОМС, СМО и медицинских организаций',
        deadline: { date: '2017-04-28' },
        executorId: 'it',
        controllerId: 'controller',
        scope: { kind: 'fund' },
        expectedResult: 'Предложения по интеграции информационных систем рассмотрены рабочей группой',
        resultDocument: 'Аналитическая записка с предложениями по оптимизации и интеграции информационных систем',
      },
    ],
  },
  {
    id: 'tfoms-interaction',
    party: 'TFOMS',
    title: 'Взаимодействие Департамента социальной политики Орловской области, ТФОМС, СМО и медицинских организаций',
    items: [
      {
        id: 'tfoms-interaction-1',
        title: 'Создание рабочей группы по реализации проекта с участием Департамента социальной политики Орловской области, ТФОМС, СМО и медицинских организаций',
        deadline: { date: '2017-03-17' },
        executorId: 'controller',
        controllerId: 'director',
        scope: { kind: 'fund' },
        expectedResult: 'Рабочая группа создана, утверждены ее состав и регламент работы',
        resultDocument: 'Совместный приказ о создании рабочей группы по реализации проекта',
      },
      {
        id: 'tfoms-interaction-2',
        title: 'Проведение ежемесячных заседаний рабочей группы с заслушиванием руководителей медицинских организаций о ходе реализации проекта',
        deadline: { date: '2017-12-22' },
        executorId: 'quality',
        controllerId: 'controller',
        scope: { kind: 'fund' },
        expectedResult: 'Заседания проведены ежемесячно, решения доведены до участников',
        resultDocument: 'Протоколы заседаний рабочей группы',
      },
    ],
  },
  {
    id: 'tfoms-agreement',
    party: 'TFOMS',
    title: 'Соглашение о порядке организации деятельности страховых представителей на территории медицинских организаций',
    items: [
      {
        id: 'tfoms-agreement-1',
        title: 'Разработка типовой формы соглашения ТФОМС, СМО и медицинской организации о порядке организации деятельности страховых представителей',
        deadline: { date: '2017-03-24' },
        executorId: 'executor',
        controllerId: 'controller',
        scope: { kind: 'fund' },
        expectedResult: 'Типовая форма соглашения согласована с СМО и Департаментом социальной политики Орловской области',
      },
      {
        id: 'tfoms-agreement-2',
        title: 'Заключение соглашения ТФОМС, СМО и медицинской организации о порядке организации деятельности страховых представителей на территории медицинской организации',
        deadline: { date: '2017-04-07' },
        executorId: 'executor',
        controllerId: 'controller',
        scope: { kind: 'all_mo' },
        expectedResult: 'Соглашение подписано ТФОМС, СМО и медицинской организацией, определены рабочее место и график присутствия страховых представителей',
        resultDocument: 'Соглашение о порядке организации деятельности страховых представителей на территории медицинских организаций',
      },
    ],
  },
  {
    id: 'tfoms-exchange',
    party: 'TFOMS',
    title: 'Регламент информационного взаимодействия участников системы обязательного медицинского страхования',
    items: [
      {
        id: 'tfoms-exchange-1',
        title:
          'Разработка и утверждение регламента информационного взаимодействия участников системы ОМС при информационном сопровождении застрахованных лиц на этапе организации и при проведении профилактических мероприятий',
        deadline: { date: '2017-04-14' },
        executorId: 'it',
        controllerId: 'controller',
        scope: { kind: 'fund' },
        expectedResult: 'Регламент утвержден и доведен до СМО и медицинских организаций',
        resultDocument:
          'Регламент информационного взаимодействия участников системы обязательного медицинского страхования при информационном сопровождении застрахованных лиц на этапе организации и при проведении профилактических мероприятий',
      },
      {
        id: 'tfoms-exchange-2',
        title: 'Подключение медицинской организации к обмену сведениями о прохождении застрахованными лицами диспансеризации в соответствии с регламентом',
        deadline: { date: '2017-05-31' },
        executorId: 'it',
        controllerId: 'controller',
        scope: { kind: 'all_mo' },
        expectedResult: 'Медицинская организация ежедневно передает сведения о прохождении диспансеризации в ТФОМС и СМО',
        indicatorIds: [INFORMING],
      },
    ],
  },
  {
    id: 'tfoms-financing',
    party: 'TFOMS',
    title: 'Финансовое обеспечение мероприятий проекта в разрезе медицинских организаций и источников финансирования',
    items: [
      {
        id: 'tfoms-financing-1',
        title: 'Формирование плана финансового обеспечения мероприятий проекта в разрезе медицинских организаций и источников финансирования',
        deadline: { date: '2017-03-31' },
        executorId: 'finance',
        controllerId: 'director',
        scope: { kind: 'fund' },
        expectedResult: 'Определены объемы и источники финансирования мероприятий по каждой участвующей медицинской организации',
        resultDocument: 'План финансового обеспечения мероприятий проекта в разрезе медицинских организаций и источников финансирования',
      },
      {
        id: 'tfoms-financing-2',
        title: 'Обучение персонала медицинской организации технологиям бережливого производства',
        deadline: { date: '2017-06-30' },
        executorId: 'finance',
        controllerId: 'controller',
        scope: { kind: 'mo_list', moIds: [POLY_1, POLY_2, CHILD_POLY_1, LIVNY_CRB] },
        expectedResult: 'Руководители и работники регистратуры и участковой службы прошли обучение технологиям бережливого производства',
        financing: [
          { moId: POLY_1, expense: 'staff_training', source: 'nsz_tfoms', amount: 350_000 },
          { moId: POLY_2, expense: 'staff_training', source: 'nsz_tfoms', amount: 280_000 },
          { moId: CHILD_POLY_1, expense: 'staff_training', source: 'smo', amount: 120_000 },
          { moId: LIVNY_CRB, expense: 'staff_training', source: 'nsz_tfoms', amount: 240_000 },
        ],
      },
      {
        id: 'tfoms-financing-3',
        title: 'Приобретение и ремонт медицинского оборудования для кабинетов доврачебного приема и отделений профилактики',
        deadline: { date: '2017-09-29' },
        executorId: 'finance',
        controllerId: 'director',
        scope: { kind: 'mo_list', moIds: [POLY_1, LIVNY_CRB, MTSENSK_CRB] },
        expectedResult: 'Оборудование приобретено (отремонтировано) и введено в эксплуатацию',
        financing: [
          { moId: POLY_1, expense: 'equipment_purchase', source: 'nsz_tfoms', amount: 2_450_000 },
          { moId: LIVNY_CRB, expense: 'equipment_purchase', source: 'oms_funds', amount: 1_180_000 },
          { moId: LIVNY_CRB, expense: 'equipment_repair', source: 'nsz_tfoms', amount: 185_000 },
          { moId: MTSENSK_CRB, expense: 'equipment_repair', source: 'oms_funds', amount: 310_500.5 },
        ],
      },
      {
        id: 'tfoms-financing-4',
        title: 'Текущий ремонт регистратуры и зон ожидания, приобретение мебели для зон комфортного пребывания пациентов',
        deadline: { date: '2017-08-31' },
        executorId: 'finance',
        controllerId: 'director',
        scope: { kind: 'mo_list', moIds: [POLY_2, CHILD_POLY_1, MTSENSK_CRB] },
        expectedResult: 'Регистратура открытого типа и зоны комфортного пребывания оборудованы',
        financing: [
          { moId: POLY_2, expense: 'routine_repair', source: 'oms_funds', amount: 1_600_000 },
          { moId: POLY_2, expense: 'furniture', source: 'oms_funds', amount: 420_000 },
          { moId: CHILD_POLY_1, expense: 'routine_repair', source: 'oms_funds', amount: 950_000 },
          { moId: MTSENSK_CRB, expense: 'furniture', source: 'oms_funds', amount: 275_500 },
        ],
        indicatorIds: [SATISFACTION],
      },
    ],
  },
];

const SURVEY_TITLE = 'Опрос населения по доступности и качеству медицинской помощи, оказываемой в условиях поликлиники';

const smoDirections: DirectionInput[] = [
  {
    id: 'smo-act',
    party: 'SMO',
    title: 'Локальный акт о назначении ответственных лиц за реализацию направлений/мероприятий проекта из числа штатных сотрудников СМО по каждой медицинской организации',
    items: [
      {
        id: 'smo-act-1',
        title: 'Издание приказа СМО «Полис-Орёл» о назначении ответственных лиц за реализацию проекта по каждой медицинской организации',
        deadline: { date: '2017-03-10' },
        executorId: 'smo',
        controllerId: 'smo-controller',
        scope: { kind: 'fund' },
        expectedResult: 'По каждой участвующей медицинской организации и каждому направлению назначен ответственный сотрудник СМО',
        resultDocument: 'Приказ СМО о назначении ответственных лиц за реализацию проекта (со списком по медицинским организациям)',
      },
      {
        id: 'smo-act-2',
        title: 'Издание приказа СМО «Долголетие» о назначении ответственных лиц за реализацию проекта по каждой медицинской организации',
        deadline: { date: '2017-03-10' },
        executorId: 'smo2',
        controllerId: 'executor',
        scope: { kind: 'fund' },
        expectedResult: 'По каждой участвующей медицинской организации и каждому направлению назначен ответственный сотрудник СМО',
        resultDocument: 'Приказ СМО о назначении ответственных лиц за реализацию проекта (со списком по медицинским организациям)',
      },
    ],
  },
  {
    id: 'smo-representatives',
    party: 'SMO',
    title: 'Организация и обеспечение работы страховых представителей в медицинских организациях с последующим еженедельным мониторингом выполнения функционала',
    items: [
      {
        id: 'smo-representatives-1',
        title: 'Обеспечение присутствия страхового представителя в медицинской организации, утверждение графика присутствия (при решении о едином представителе от СМО)',
        deadline: { date: '2017-04-14' },
        executorId: 'smo',
        controllerId: 'smo-controller',
        scope: { kind: 'all_mo' },
        expectedResult: 'Страховой представитель работает в медицинской организации по утвержденному графику',
        resultDocument: 'График присутствия страховых представителей в медицинской организации',
      },
      {
        id: 'smo-representatives-2',
        title: 'Еженедельный мониторинг выполнения функционала страховыми представителями в медицинской организации',
        deadline: { date: '2017-12-29' },
        executorId: 'smo',
        controllerId: 'executor',
        scope: { kind: 'all_mo' },
        expectedResult: 'Еженедельные сведения о работе страховых представителей представлены в ТФОМС, обращения застрахованных лиц разрешены на месте',
        indicatorIds: [COMPLAINTS],
      },
    ],
  },
  {
    id: 'smo-surveys',
    party: 'SMO',
    title: 'Опросы населения по доступности и качеству медицинской помощи, оказываемой в условиях поликлиники',
    items: [
      {
        id: 'smo-surveys-1',
        title: `${SURVEY_TITLE} (первый этап)`,
        deadline: { date: '2017-05-15' },
        executorId: 'smo',
        controllerId: 'smo-controller',
        scope: { kind: 'all_mo' },
        expectedResult: 'Опрос проведен, результаты по медицинской организации переданы в ТФОМС и руководителю медицинской организации',
        resultDocument: 'Отчет о результатах опроса населения (первый этап)',
        indicatorIds: [SATISFACTION],
      },
      {
        // Seed 000: «не позднее … 01.07.2017» — a Saturday; the date is the seed's.
        id: 'smo-surveys-2',
        title: `${SURVEY_TITLE} (второй этап)`,
        deadline: { date: '2017-07-01' },
        executorId: 'smo',
        controllerId: 'smo-controller',
        scope: { kind: 'all_mo' },
        expectedResult: 'Опрос проведен, динамика удовлетворенности по сравнению с первым этапом оценена',
        resultDocument: 'Отчет о результатах опроса населения (второй этап)',
        indicatorIds: [SATISFACTION],
      },
      {
        id: 'smo-surveys-3',
        title: `${SURVEY_TITLE} (третий этап)`,
        deadline: { date: '2017-08-15' },
        executorId: 'smo',
        controllerId: 'smo-controller',
        scope: { kind: 'all_mo' },
        expectedResult: 'Опрос проведен, динамика удовлетворенности по итогам трех этапов оценена',
        resultDocument: 'Отчет о результатах опроса населения (третий этап)',
        indicatorIds: [SATISFACTION],
      },
      {
        id: 'smo-surveys-4',
        title: 'Сводный анализ результатов опросов населения и направление предложений медицинским организациям и в Департамент социальной политики Орловской области',
        deadline: { date: '2017-08-31' },
        executorId: 'smo',
        controllerId: 'executor',
        scope: { kind: 'fund' },
        expectedResult: 'Предложения по устранению выявленных проблем доступности рассмотрены рабочей группой',
        resultDocument: 'Аналитическая справка по результатам опросов населения',
        indicatorIds: [SATISFACTION],
      },
    ],
  },
  {
    id: 'smo-ekmp',
    party: 'SMO',
    title: 'Организация и проведение тематических экспертиз качества медицинской помощи, в том числе по профилактическим мероприятиям (диспансеризация)',
    items: [
      {
        id: 'smo-ekmp-1',
        title: 'Утверждение плана тематических ЭКМП по профилактическим мероприятиям (диспансеризации) в участвующих медицинских организациях',
        deadline: { date: '2017-03-31' },
        executorId: 'smo',
        controllerId: 'quality',
        scope: { kind: 'fund' },
        expectedResult: 'План тематических ЭКМП согласован с ТФОМС',
        resultDocument: 'План проведения тематических экспертиз качества медицинской помощи',
      },
      {
        id: 'smo-ekmp-2',
        title: 'Проведение тематической ЭКМП по диспансеризации определенных групп взрослого населения',
        deadline: { date: '2017-06-30' },
        executorId: 'smo',
        controllerId: 'quality',
        scope: { kind: 'mo_list', moIds: [OBL_POLY_2, POLY_1, POLY_2, POLY_3, LIVNY_CRB, MTSENSK_CRB] },
        expectedResult: 'Экспертиза проведена, дефекты организации диспансеризации доведены до медицинской организации',
        resultDocument: 'Акты экспертизы качества медицинской помощи',
        indicatorIds: [ONCO_EARLY],
      },
      {
        id: 'smo-ekmp-3',
        title: 'Проведение тематической ЭКМП по профилактическим медицинским осмотрам несовершеннолетних',
        deadline: { date: '2017-09-29' },
        executorId: 'smo',
        controllerId: 'quality',
        scope: { kind: 'mo_list', moIds: [CHILD_POLY_1, CHILD_POLY_2] },
        expectedResult: 'Экспертиза проведена, полнота охвата профилактическими осмотрами оценена',
        resultDocument: 'Акты экспертизы качества медицинской помощи',
        indicatorIds: [CHILD_CHECKUPS],
      },
    ],
  },
  {
    id: 'smo-informing',
    party: 'SMO',
    title: 'Индивидуальное информирование застрахованных лиц о прохождении диспансеризации',
    items: [
      {
        id: 'smo-informing-1',
        title:
          'Индивидуальное информирование застрахованных лиц СМО «Полис-Орёл», прикрепленных к медицинской организации, о возможности и сроках прохождения диспансеризации (повторное информирование, сопровождение на I этапе, контроль прохождения II этапа)',
        deadline: { date: '2017-12-22' },
        executorId: 'smo',
        controllerId: 'smo-controller',
        scope: { kind: 'all_mo' },
        expectedResult: 'Застрахованные лица, подлежащие диспансеризации в 2017 году, проинформированы; результативность информирования не ниже целевой',
        indicatorIds: [INFORMING],
      },
      {
        id: 'smo-informing-2',
        title:
          'Индивидуальное информирование застрахованных лиц СМО «Долголетие», прикрепленных к медицинской организации, о возможности и сроках прохождения диспансеризации',
        deadline: { date: '2017-12-22' },
        executorId: 'smo2',
        controllerId: 'executor',
        scope: { kind: 'all_mo' },
        expectedResult: 'Застрахованные лица, подлежащие диспансеризации в 2017 году, проинформированы; результативность информирования не ниже целевой',
        indicatorIds: [INFORMING],
      },
      {
        id: 'smo-informing-3',
        title:
          'Мониторинг работы страховых представителей по оповещению застрахованных лиц о проведении профилактических мероприятий (диспансеризации) с оценкой результативности; далее — еженедельно по отчетной форме',
        deadline: { date: '2017-04-28' },
        executorId: 'smo',
        controllerId: 'executor',
        scope: { kind: 'fund' },
        expectedResult: 'Результативность информирования (доля прошедших диспансеризацию из числа оповещенных, %) оценивается еженедельно',
        resultDocument:
          'Мониторинг работы страховых представителей по оповещению застрахованных лиц о проведении профилактических мероприятий (диспансеризации) с оценкой результативности',
        indicatorIds: [INFORMING],
      },
    ],
  },
  {
    id: 'smo-routing',
    party: 'SMO',
    title: 'Разработка совместно с медицинскими организациями маршрутизации пациентов при прохождении диспансеризации',
    items: [
      {
        id: 'smo-routing-1',
        title: 'Запрос и анализ приказов медицинской организации об организации диспансеризации и потоках пациентов внутри поликлиники',
        deadline: { date: '2017-04-21' },
        executorId: 'smo',
        controllerId: 'smo-controller',
        scope: { kind: 'all_mo' },
        expectedResult: 'Выявлены места пересечения потоков пациентов и мероприятия, недоступные в медицинской организации',
      },
      {
        id: 'smo-routing-2',
        title:
          'Разработка совместно с медицинской организацией схемы маршрутизации пациентов при прохождении диспансеризации, включая навигацию в пределах поликлиники и направление в другие поликлиники при отсутствии полного объема мероприятий',
        deadline: { date: '2017-06-15' },
        executorId: 'smo',
        controllerId: 'smo-controller',
        scope: { kind: 'all_mo' },
        expectedResult: 'Схема маршрутизации утверждена руководителем медицинской организации, навигация размещена',
        resultDocument: 'Схема маршрутизации пациентов при прохождении диспансеризации, согласованная с медицинской организацией',
        indicatorIds: [INFORMING],
      },
    ],
  },
  {
    id: 'smo-materials',
    party: 'SMO',
    title: 'Подготовка и размещение информационных материалов по установленным стандартам в медицинских организациях',
    items: [
      {
        id: 'smo-materials-1',
        title: 'Изготовление и размещение информационных стендов и плакатов о диспансеризации и правах застрахованных лиц',
        deadline: { date: '2017-05-31' },
        executorId: 'smo',
        controllerId: 'smo-controller',
        scope: { kind: 'all_mo' },
        expectedResult: 'Стенды и плакаты по установленным стандартам размещены в зонах ожидания медицинской организации',
        financing: demoParticipatingMoIds.map((mo, i) => ({
          moId: mo,
          expense: 'information_materials' as const,
          source: 'smo' as const,
          amount: 45_000 + 5_000 * (i % 4),
        })),
      },
      {
        id: 'smo-materials-2',
        title: 'Трансляция видеороликов и мультипликации о диспансеризации в зонах ожидания поликлиники, работа ростовых фигур',
        deadline: { date: '2017-09-29' },
        executorId: 'smo',
        controllerId: 'smo-controller',
        scope: { kind: 'mo_list', moIds: [POLY_1, POLY_3, CHILD_POLY_1, CHILD_POLY_2] },
        expectedResult: 'Видеоматериалы транслируются ежедневно, проведены акции с ростовыми фигурами',
        financing: [
          { moId: POLY_1, expense: 'information_materials', source: 'smo', amount: 86_000 },
          { moId: POLY_3, expense: 'information_materials', source: 'smo', amount: 64_500 },
          { moId: CHILD_POLY_1, expense: 'information_materials', source: 'smo', amount: 72_000 },
          { moId: CHILD_POLY_2, expense: 'information_materials', source: 'smo', amount: 58_000 },
        ],
        indicatorIds: [INFORMING],
      },
    ],
  },
];

/** Who ТФОМС appoints per МО for its per-МО directions (распоряжение директора ТФОМС). */
const tfomsResponsible: Record<string, string> = {
  'tfoms-responsible': 'executor',
  'tfoms-monitoring': 'coordinator',
  'tfoms-it': 'it',
  'tfoms-agreement': 'executor',
  'tfoms-exchange': 'it',
  'tfoms-financing': 'finance',
};

const appointments: Appointment[] = demoParticipatingMoIds.flatMap((mo) => [
  ...Object.entries(tfomsResponsible).map(([directionId, personId]) => ({
    directionId,
    moId: mo,
    organisationId: TFOMS_ID,
    personId,
  })),
  // СМО «Полис-Орёл» appoints its responsible person for every СМО activity and МО.
  ...smoDirections.map((d) => ({ directionId: d.id, moId: mo, organisationId: SMO1_ID, personId: 'smo' })),
]);

export const demoRoadMapDocument: RoadMapDocumentInput = {
  title:
    'План мероприятий проекта («Дорожная карта») «Тиражирование опыта создания поликлиник-образцов на основе технологий бережливого производства» ТФОМС Орловской области и страховых медицинских организаций на 2017 год',
  regionCode: '57',
  // Invented: number and date are demo values, not a real act. Dated the day before the plan starts: the
  // demo moves it with the plan (shiftDemoDates), so it stays before the director's approval («УТВЕРЖДАЮ»),
  // which cannot come before the demo is seeded.
  legalAct: {
    kind: 'Совместный приказ Департамента социальной политики Орловской области и ТФОМС Орловской области',
    number: '214/57-ОД',
    date: '2017-02-28',
    title:
      'Об утверждении плана мероприятий проекта («Дорожной карты») по тиражированию опыта создания поликлиник-образцов на основе технологий бережливого производства в Орловской области',
  },
  startDate: '2017-03-01',
  coordinatorId: 'coordinator',
  participatingMoIds: [...demoParticipatingMoIds],
  directions: [...tfomsDirections, ...smoDirections],
  appointments,
  indicators: demoIndicators,
};
