import type { MiddlewareHandler } from 'hono';
import type { FieldIssue } from '../domain/refusal.js';
import { MAX_ERROR_DETAILS } from './errors.js';

// Tab, line breaks and NUL included: none belongs in an id or a query value, and
// PostgreSQL refuses a NUL in text (22021), which would otherwise surface as a 500.
const CONTROL = /[\u0000-\u001f\u007f]/;

const decoded = (s: string): string | null => {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
};

/**
 * One check in front of every route, the JSON API's and the pages' alike
 * (plain app.get routes included): a path segment or a query value with a
 * control character, or one that is not valid percent-encoding, is refused
 * with a 400 naming it before any route or query sees it.
 */
export function refuseControlCharacters(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const issues: FieldIssue[] = [];
    url.pathname.split('/').forEach((segment, i) => {
      const value = decoded(segment);
      if (value === null || CONTROL.test(value)) issues.push({ field: `path[${i}]`, message: value === null ? 'неверная кодировка адреса' : 'недопустимый управляющий символ' });
    });
    for (const pair of url.search.replace(/^\?/, '').split('&').filter(Boolean)) {
      const [rawKey, ...rest] = pair.split('=');
      const key = decoded(rawKey.replace(/\+/g, ' '));
      const value = decoded(rest.join('=').replace(/\+/g, ' '));
      const field = key !== null && !CONTROL.test(key) ? key : 'query';
      if (key === null || value === null) issues.push({ field, message: 'неверная кодировка параметра' });
      else if (CONTROL.test(key) || CONTROL.test(value)) issues.push({ field, message: 'недопустимый управляющий символ' });
    }
    if (issues.length === 0) return next();
    const details = issues.slice(0, MAX_ERROR_DETAILS);
    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/openapi')) {
      return c.json({ error: { code: 'validation', message: 'ошибка в данных: адрес запроса', details } }, 400);
    }
    return c.html(
      '<!doctype html><html lang="ru"><meta charset="utf-8"><title>Неверный адрес</title>' +
        '<body style="font-family:sans-serif;margin:2rem"><h1>Неверный адрес</h1>' +
        '<p>В адресе страницы есть недопустимые символы. Вернитесь назад и откройте страницу по ссылке.</p>' +
        '<p><a href="/tasks">Мои задачи</a></p></body></html>',
      400,
    );
  };
}
