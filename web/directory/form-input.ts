/**
 * Form fields → the API's bodies: the pages validate with the same zod schemas as /api.
 * An empty optional field means "none" (null); a checkbox is present or absent.
 */
export type FormBody = Record<string, string | File | (string | File)[]>;

export const text = (body: FormBody, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
};

export const optional = (body: FormBody, name: string): string | null => {
  const v = text(body, name).trim();
  return v === '' ? null : v;
};

export const checked = (body: FormBody, name: string): boolean => text(body, name) === 'on' || text(body, name) === 'true';

export const all = (body: FormBody, name: string): string[] => {
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
};

/** Plain values to show the form again as it was sent. */
export function sentValues(body: FormBody): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (!k.startsWith('_')) values[k] = Array.isArray(v) ? v.filter((x) => typeof x === 'string').join(',') : typeof v === 'string' ? v : '';
  return values;
}
