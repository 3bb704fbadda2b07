import { Hono } from 'hono';
import type { ServiceDeps } from '../../services/deps.js';
import type { WebEnv } from '../session/web-session.js';
import { passwordLinkPages } from './password-link-pages.js';
import { personAccountPages } from './person-account-page.js';
import { profilePages } from './profile-pages.js';

/** The accounts' pages: before login (/login/forgot, /login/set-password) and signed in (/account…). */
export function accountPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  app.route('/', passwordLinkPages(deps));
  app.route('/', profilePages(deps));
  app.route('/', personAccountPages(deps));
  return app;
}
