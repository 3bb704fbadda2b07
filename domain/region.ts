import { z } from 'zod';
import { SingleLineText } from './text.js';

/** Federal districts named in seed 000 (plus the ones outside the pilot). */
export const FederalDistrict = z.enum(['ЦФО', 'СЗФО', 'ЮФО', 'СКФО', 'ПФО', 'УФО', 'СФО', 'ДФО']);
export type FederalDistrict = z.infer<typeof FederalDistrict>;

/**
 * IANA zones used by Russian regions. Russia spans 11 offsets (UTC+2 .. UTC+12);
 * a region's deadlines are counted in its own local time, so every region carries one.
 */
export const RussianTimeZone = z.enum([
  'Europe/Kaliningrad', // +2
  'Europe/Moscow', // +3
  'Europe/Simferopol', // +3
  'Europe/Volgograd', // +3
  'Europe/Kirov', // +3
  'Europe/Samara', // +4
  'Europe/Astrakhan', // +4
  'Europe/Saratov', // +4
  'Europe/Ulyanovsk', // +4
  'Asia/Yekaterinburg', // +5
  'Asia/Omsk', // +6
  'Asia/Novosibirsk', // +7
  'Asia/Barnaul', // +7
  'Asia/Tomsk', // +7
  'Asia/Novokuznetsk', // +7
  'Asia/Krasnoyarsk', // +7
  'Asia/Irkutsk', // +8
  'Asia/Chita', // +9
  'Asia/Yakutsk', // +9
  'Asia/Khandyga', // +9
  'Asia/Vladivostok', // +10
  'Asia/Ust-Nera', // +10
  'Asia/Magadan', // +11
  'Asia/Sakhalin', // +11
  'Asia/Srednekolymsk', // +11
  'Asia/Kamchatka', // +12
  'Asia/Anadyr', // +12
]);
export type RussianTimeZone = z.infer<typeof RussianTimeZone>;

export const RegionCode = z
  .string()
  .regex(/^[0-9]{2}$/, 'код региона — две цифры (например, 57)');

export const Region = z.object({
  code: RegionCode,
  name: SingleLineText.min(1).max(500),
  federalDistrict: FederalDistrict,
  timeZone: RussianTimeZone,
});
export type Region = z.infer<typeof Region>;
