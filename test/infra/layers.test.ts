import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layout as a rule: adapters (api/, web/, worker/) import services; services never
 * import an adapter; web/ never imports api/; domain/ imports nothing of ours;
 * no SQL in route or page files.
 */
const root = path.resolve(__dirname, '../..');
const sources = (dir: string): string[] =>
  readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
const importsOf = (file: string) =>
  [...readFileSync(path.join(root, file), 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((m) =>
    path.relative(root, path.resolve(path.dirname(path.join(root, file)), m[1])),
  );
const top = (p: string) => p.split(path.sep)[0];

describe('the layers', () => {
  const forbidden: Record<string, string[]> = {
    domain: ['workflows', 'activities', 'services', 'api', 'web', 'worker', 'infra'],
    services: ['api', 'web', 'worker'],
    web: ['api', 'worker'],
  };
  for (const [layer, banned] of Object.entries(forbidden)) {
    it(`${layer}/ imports none of ${banned.join(', ')}`, () => {
      const wrong = sources(layer).flatMap((f) => importsOf(f).filter((i) => banned.includes(top(i))).map((i) => `${f} → ${i}`));
      expect(wrong).toEqual([]);
    });
  }

  it('route and page files hold no SQL', () => {
    const files = [...sources('api/routes'), ...sources('web')];
    const withSql = files.filter((f) => /\bsql\s*(<[^>]*>)?\s*`/.test(readFileSync(path.join(root, f), 'utf8')));
    expect(withSql).toEqual([]);
  });
});
