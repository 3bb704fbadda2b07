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

  it('no module imports itself back, however far round (type imports included)', () => {
    const all = ['domain', 'workflows', 'activities', 'services', 'api', 'web', 'worker', 'infra', 'bench', 'test'].flatMap(sources);
    const known = new Set(all);
    const edges = new Map(all.map((f) => [f, importsOf(f).flatMap((i) => [`${i.replace(/\.js$/, '')}.ts`, `${i.replace(/\.js$/, '')}.tsx`, i]).filter((c) => known.has(c))]));
    // Depth-first search with three colours; a grey module met again closes a cycle.
    const state = new Map<string, 'grey' | 'black'>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]) => {
      state.set(f, 'grey');
      for (const g of edges.get(f) ?? []) {
        if (state.get(g) === 'grey') cycles.push([...path.slice(path.indexOf(g)), g].join(' → '));
        else if (!state.has(g)) visit(g, [...path, g]);
      }
      state.set(f, 'black');
    };
    for (const f of all) if (!state.has(f)) visit(f, [f]);
    expect(cycles).toEqual([]);
  });

  it('infra/ keeps one folder per concern, no source file loose at its root', () => {
    const loose = readdirSync(path.join(root, 'infra'), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
    expect(loose).toEqual([]);
    const rooms = readdirSync(path.join(root, 'infra'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(rooms).toEqual(['database', 'demo', 'http', 'observability', 'startup', 'temporal']);
  });

  it('route and page files hold no SQL', () => {
    const files = [...sources('api/routes'), ...sources('web')];
    const withSql = files.filter((f) => /\bsql\s*(<[^>]*>)?\s*`/.test(readFileSync(path.join(root, f), 'utf8')));
    expect(withSql).toEqual([]);
  });
});
