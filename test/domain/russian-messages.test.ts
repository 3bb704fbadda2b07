import { describe, expect, it } from 'vitest';
import { RoadMapDocument } from '../../domain/roadmap.js';
import { smallDocument } from '../support/fixtures.js';

/**
 * A schema without a message of its own answers in Russian too (zod's own locale, set in
 * domain/zod-russian.ts): the import and the API used to show «Too small: expected …».
 */
describe('messages zod writes itself are Russian', () => {
  it('for an empty text, a wrong type and a negative amount of a road map', () => {
    const doc = smallDocument() as any;
    doc.title = 5;
    doc.directions[0].items[0].expectedResult = '';
    doc.directions[0].items[0].financing = [{ moId: doc.participatingMoIds[0], expense: 'staff_training', source: 'nsz_tfoms', amount: -5 }];
    const result = RoadMapDocument.safeParse(doc);
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => i.message);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    for (const m of messages) {
      expect(m).toMatch(/[а-яё]/i);
      expect(m).not.toMatch(/\b(expected|Too small|Invalid)\b/);
    }
  });
});
