import type { Client } from '@temporalio/client';
import type postgres from 'postgres';
import type { Sessions } from './auth/sessions.js';
import type { AttachmentLimits } from './attachments/attachment-rules.js';
import type { OidcLogin } from './auth/oidc-login.js';
import type { Mailer } from '../activities/email-delivery.js';
import type { AccountSettings } from './accounts/account-settings.js';

/** What every application service needs: the read model, the engine, and a few knobs. Built once by the composition root. */
export interface ServiceDeps {
  sql: postgres.Sql;
  temporal: Client;
  taskQueue: string;
  temporalUiUrl: string | null;
  /** Login, session lookup (idle and absolute expiry), logout; one per process, throttling state in PostgreSQL. */
  sessions: Sessions;
  /** Executions per launch activity for road maps created through this API (tests cut launches short). */
  launchBatchSize?: number;
  /** Single sign-on through an OpenID Connect provider; absent or null when OIDC_ISSUER is unset. */
  sso?: OidcLogin | null;
  /** false with PASSWORD_LOGIN=off: no password form, POST /api/auth/login refused. */
  passwordLogin?: boolean;
  /** Upload limits; ATTACHMENT_MAX_BYTES / ATTACHMENTS_PER_COMMAND when absent (tests set small ones). */
  attachmentLimits?: AttachmentLimits;
  /** Account e-mails (invitations, password resets): SMTP_URL's mailer when absent, none (logged) when null. */
  mailer?: Mailer | null;
  /** Link lifetimes and token limits; from env (docs/accounts.md) when absent. */
  accountSettings?: AccountSettings;
}
