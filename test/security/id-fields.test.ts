import postgres from 'postgres';
import type { Client } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { createApp } from '../../api/app.js';

/**
 * The id rule, proved by walking the schemas rather than by listing fields: every
 * field of every API input (body, path, query) named `id`, `…Id` or `…Ids` must refuse
 * what no id may hold — a control character such as NUL, which PostgreSQL cannot store
 * (a 500 before: `reporterId` of the weekly report) — and an unbounded length. The web
 * forms parse their fields with the same schemas (services/*\/*-inputs.ts).
 */
// The routes are registered when the app is built; no query is sent, so no database is needed.
const sql = postgres('postgres://nobody@127.0.0.1:1/none', { max: 1 });
const app = createApp({ sql, temporal: {} as Client, taskQueue: 'id-fields', temporalUiUrl: null });
afterAll(() => sql.end({ timeout: 0 }));

type Def = { type: string; [k: string]: any };
const defOf = (s: any): Def => s?._zod?.def ?? s?.def ?? {};

/** Every object field anywhere in a schema, as [path, field schema]. */
function fieldsOf(schema: any, path: string, seen = new Set<any>()): [string, ZodType][] {
  if (!schema || seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, ZodType>).flatMap(([key, field]) => [
        [`${path}.${key}`, field] as [string, ZodType],
        ...fieldsOf(field, `${path}.${key}`, seen),
      ]);
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional':
      return fieldsOf(def.innerType, path, seen);
    case 'array':
      return fieldsOf(def.element, `${path}.0`, seen);
    case 'pipe':
      return fieldsOf(def.in, path, seen);
    case 'union':
      return (def.options as ZodType[]).flatMap((o) => fieldsOf(o, path, seen));
    case 'intersection':
      return [...fieldsOf(def.left, path, seen), ...fieldsOf(def.right, path, seen)];
    case 'record':
      return fieldsOf(def.valueType, `${path}.*`, seen);
    default:
      return [];
  }
}

/** Whether the field holds a list (of ids), through its wrappers. */
function isList(schema: any): boolean {
  const def = defOf(schema);
  if (def.type === 'array') return true;
  return def.innerType ? isList(def.innerType) : def.type === 'pipe' ? isList(def.in) : false;
}

const inputs = app.openAPIRegistry.definitions
  .filter((d: any) => d.type === 'route')
  .flatMap((d: any) => {
    const r = d.route;
    const where = `${r.method.toUpperCase()} ${r.path}`;
    const bodies = Object.values((r.request?.body?.content ?? {}) as Record<string, { schema: ZodType }>).map((c) => c.schema);
    return [
      ...bodies.flatMap((b) => fieldsOf(b, `${where} body`)),
      ...fieldsOf(r.request?.params, `${where} params`),
      ...fieldsOf(r.request?.query, `${where} query`),
    ];
  });
const idFields = inputs.filter(([path]) => /(^|\.)(id|\w+Id|\w+Ids)$/.test(path));

describe('every id field of every input follows the id rule', () => {
  it('finds the id fields (the walk reaches bodies, paths and queries)', () => {
    const paths = idFields.map(([p]) => p);
    expect(paths.length).toBeGreaterThan(15);
    expect(paths.some((p) => p.endsWith('body.reporterId'))).toBe(true);
    expect(paths.some((p) => p.includes('params.id'))).toBe(true);
    expect(paths.some((p) => p.includes('query.'))).toBe(true);
  });

  it('refuses a NUL, a line break and a 1,000-character id in each of them', () => {
    const accepted: string[] = [];
    for (const [path, field] of idFields) {
      for (const bad of ['a\u0000b', 'a\nb', 'x'.repeat(1000)]) {
        const value = isList(field) ? [bad] : bad;
        if (field.safeParse(value).success) accepted.push(`${path} accepts ${JSON.stringify(bad.slice(0, 8))}…`);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('still accepts an ordinary id in each of them', () => {
    const refused = idFields
      .filter(([, field]) => !field.safeParse(isList(field) ? ['mo-57-01'] : 'mo-57-01').success)
      .map(([path]) => path);
    expect(refused).toEqual([]);
  });
});
