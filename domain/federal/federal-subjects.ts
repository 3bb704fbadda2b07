/**
 * Every federal subject of the Russian Federation (85): code, name, federal
 * district and IANA zone. Pure data, no imports but types: the workflow
 * sandbox may load it.
 *
 * Sources: seed 003's region menu (83 entries: 79 subjects, the typo
 * duplicate «Калининградскя», and three entries that are not subjects —
 * «Кавказские Минеральные воды», «Нижегородская обл. (райцентры)»,
 * «Пермский край (райцентры)»); seed 000 names Республика Крым's neighbour
 * г. Севастополь and the pilot's Республика Адыгея; the remaining subjects
 * the menu lacks (г. Москва, г. Санкт-Петербург, Республика Алтай) complete
 * the constitutional list (ст. 65 Конституции РФ; 85 subjects as of 2014–2022).
 *
 * Codes are the two-digit subject codes (ст. 65 order; 83 НАО, 86 ХМАО,
 * 87 ЧАО, 89 ЯНАО, 91 Крым, 92 Севастополь). Districts are the current ones
 * (Указ Президента РФ от 03.11.2018 № 632 moved Бурятия and Забайкальский
 * край from СФО to ДФО; Указ от 28.07.2016 № 375 merged Крымский ФО into ЮФО).
 * A subject spanning several zones (Якутия) carries its capital's.
 */
import type { FederalDistrict, RussianTimeZone } from '../region.js';

export interface FederalSubject {
  code: string;
  name: string;
  federalDistrict: FederalDistrict;
  timeZone: RussianTimeZone;
}

const s = (code: string, name: string, federalDistrict: FederalDistrict, timeZone: RussianTimeZone): FederalSubject => ({ code, name, federalDistrict, timeZone });
const MSK = 'Europe/Moscow';

export const federalSubjects: readonly FederalSubject[] = [
  s('01', 'Республика Адыгея', 'ЮФО', MSK),
  s('02', 'Республика Башкортостан', 'ПФО', 'Asia/Yekaterinburg'),
  s('03', 'Республика Бурятия', 'ДФО', 'Asia/Irkutsk'),
  s('04', 'Республика Алтай', 'СФО', 'Asia/Barnaul'),
  s('05', 'Республика Дагестан', 'СКФО', MSK),
  s('06', 'Республика Ингушетия', 'СКФО', MSK),
  s('07', 'Кабардино-Балкарская Республика', 'СКФО', MSK),
  s('08', 'Республика Калмыкия', 'ЮФО', MSK),
  s('09', 'Карачаево-Черкесская Республика', 'СКФО', MSK),
  s('10', 'Республика Карелия', 'СЗФО', MSK),
  s('11', 'Республика Коми', 'СЗФО', MSK),
  s('12', 'Республика Марий Эл', 'ПФО', MSK),
  s('13', 'Республика Мордовия', 'ПФО', MSK),
  s('14', 'Республика Саха (Якутия)', 'ДФО', 'Asia/Yakutsk'),
  s('15', 'Республика Северная Осетия — Алания', 'СКФО', MSK),
  s('16', 'Республика Татарстан', 'ПФО', MSK),
  s('17', 'Республика Тыва', 'СФО', 'Asia/Krasnoyarsk'),
  s('18', 'Удмуртская Республика', 'ПФО', 'Europe/Samara'),
  s('19', 'Республика Хакасия', 'СФО', 'Asia/Krasnoyarsk'),
  s('20', 'Чеченская Республика', 'СКФО', MSK),
  s('21', 'Чувашская Республика', 'ПФО', MSK),
  s('22', 'Алтайский край', 'СФО', 'Asia/Barnaul'),
  s('23', 'Краснодарский край', 'ЮФО', MSK),
  s('24', 'Красноярский край', 'СФО', 'Asia/Krasnoyarsk'),
  s('25', 'Приморский край', 'ДФО', 'Asia/Vladivostok'),
  s('26', 'Ставропольский край', 'СКФО', MSK),
  s('27', 'Хабаровский край', 'ДФО', 'Asia/Vladivostok'),
  s('28', 'Амурская область', 'ДФО', 'Asia/Yakutsk'),
  s('29', 'Архангельская область', 'СЗФО', MSK),
  s('30', 'Астраханская область', 'ЮФО', 'Europe/Astrakhan'),
  s('31', 'Белгородская область', 'ЦФО', MSK),
  s('32', 'Брянская область', 'ЦФО', MSK),
  s('33', 'Владимирская область', 'ЦФО', MSK),
  s('34', 'Волгоградская область', 'ЮФО', 'Europe/Volgograd'),
  s('35', 'Вологодская область', 'СЗФО', MSK),
  s('36', 'Воронежская область', 'ЦФО', MSK),
  s('37', 'Ивановская область', 'ЦФО', MSK),
  s('38', 'Иркутская область', 'СФО', 'Asia/Irkutsk'),
  s('39', 'Калининградская область', 'СЗФО', 'Europe/Kaliningrad'),
  s('40', 'Калужская область', 'ЦФО', MSK),
  s('41', 'Камчатский край', 'ДФО', 'Asia/Kamchatka'),
  s('42', 'Кемеровская область — Кузбасс', 'СФО', 'Asia/Novokuznetsk'),
  s('43', 'Кировская область', 'ПФО', 'Europe/Kirov'),
  s('44', 'Костромская область', 'ЦФО', MSK),
  s('45', 'Курганская область', 'УФО', 'Asia/Yekaterinburg'),
  s('46', 'Курская область', 'ЦФО', MSK),
  s('47', 'Ленинградская область', 'СЗФО', MSK),
  s('48', 'Липецкая область', 'ЦФО', MSK),
  s('49', 'Магаданская область', 'ДФО', 'Asia/Magadan'),
  s('50', 'Московская область', 'ЦФО', MSK),
  s('51', 'Мурманская область', 'СЗФО', MSK),
  s('52', 'Нижегородская область', 'ПФО', MSK),
  s('53', 'Новгородская область', 'СЗФО', MSK),
  s('54', 'Новосибирская область', 'СФО', 'Asia/Novosibirsk'),
  s('55', 'Омская область', 'СФО', 'Asia/Omsk'),
  s('56', 'Оренбургская область', 'ПФО', 'Asia/Yekaterinburg'),
  s('57', 'Орловская область', 'ЦФО', MSK),
  s('58', 'Пензенская область', 'ПФО', MSK),
  s('59', 'Пермский край', 'ПФО', 'Asia/Yekaterinburg'),
  s('60', 'Псковская область', 'СЗФО', MSK),
  s('61', 'Ростовская область', 'ЮФО', MSK),
  s('62', 'Рязанская область', 'ЦФО', MSK),
  s('63', 'Самарская область', 'ПФО', 'Europe/Samara'),
  s('64', 'Саратовская область', 'ПФО', 'Europe/Saratov'),
  s('65', 'Сахалинская область', 'ДФО', 'Asia/Sakhalin'),
  s('66', 'Свердловская область', 'УФО', 'Asia/Yekaterinburg'),
  s('67', 'Смоленская область', 'ЦФО', MSK),
  s('68', 'Тамбовская область', 'ЦФО', MSK),
  s('69', 'Тверская область', 'ЦФО', MSK),
  s('70', 'Томская область', 'СФО', 'Asia/Tomsk'),
  s('71', 'Тульская область', 'ЦФО', MSK),
  s('72', 'Тюменская область', 'УФО', 'Asia/Yekaterinburg'),
  s('73', 'Ульяновская область', 'ПФО', 'Europe/Ulyanovsk'),
  s('74', 'Челябинская область', 'УФО', 'Asia/Yekaterinburg'),
  s('75', 'Забайкальский край', 'ДФО', 'Asia/Chita'),
  s('76', 'Ярославская область', 'ЦФО', MSK),
  s('77', 'г. Москва', 'ЦФО', MSK),
  s('78', 'г. Санкт-Петербург', 'СЗФО', MSK),
  s('79', 'Еврейская автономная область', 'ДФО', 'Asia/Vladivostok'),
  s('83', 'Ненецкий автономный округ', 'СЗФО', MSK),
  s('86', 'Ханты-Мансийский автономный округ — Югра', 'УФО', 'Asia/Yekaterinburg'),
  s('87', 'Чукотский автономный округ', 'ДФО', 'Asia/Anadyr'),
  s('89', 'Ямало-Ненецкий автономный округ', 'УФО', 'Asia/Yekaterinburg'),
  s('91', 'Республика Крым', 'ЮФО', 'Europe/Simferopol'),
  s('92', 'г. Севастополь', 'ЮФО', 'Europe/Simferopol'),
];

const byCode = new Map(federalSubjects.map((r) => [r.code, r]));

export function federalSubject(code: string): FederalSubject | undefined {
  return byCode.get(code);
}

/** Federal districts in the order of the deck and of official lists. */
export const federalDistrictOrder = ['ЦФО', 'СЗФО', 'ЮФО', 'СКФО', 'ПФО', 'УФО', 'СФО', 'ДФО'] as const;

export const federalDistrictName: Record<FederalDistrict, string> = {
  ЦФО: 'Центральный федеральный округ',
  СЗФО: 'Северо-Западный федеральный округ',
  ЮФО: 'Южный федеральный округ',
  СКФО: 'Северо-Кавказский федеральный округ',
  ПФО: 'Приволжский федеральный округ',
  УФО: 'Уральский федеральный округ',
  СФО: 'Сибирский федеральный округ',
  ДФО: 'Дальневосточный федеральный округ',
};
