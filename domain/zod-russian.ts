import { z } from 'zod';

/**
 * Every message zod writes itself — for a schema that gives none of its own — in Russian,
 * from zod's own locale: users of the API, the pages and the Excel import read Russian, and
 * «Too small: expected number to be >=0» leaked through before. Loaded by domain/text.ts,
 * which every input schema imports, so no parse can run before it.
 */
z.config(z.locales.ru());
