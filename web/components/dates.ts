import { formatRuDateTime, formatRuIsoDate } from '../../domain/zoned-time.js';

/** 'ГГГГ-ММ-ДД' of a document date as Russian documents write it. */
export const ruIsoDate = formatRuIsoDate;
/** A browser without a date picker sends what the person typed: ДД.ММ.ГГГГ is taken as the ISO date the schemas expect. */
export const isoFromRu = (s: string) => s.trim().replace(/^(\d{2})\.(\d{2})\.(\d{4})$/, '$3-$2-$1');
/** Instants inside rule messages (e.g. "позже 2017-03-20T15:00:00.000Z") in the region's local time. */
export const localise = (tz: string) => (s: string) => s.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, (iso) => formatRuDateTime(new Date(iso), tz));

