import { positiveFromEnv } from '../env-figures.js';
import { appUrlOf } from '../../domain/app-url.js';

/** Figures of the accounts (docs/accounts.md lists each variable with its default). */
export interface AccountSettings {
  /** How long an invitation link stays valid. */
  invitationTtlMs: number;
  /** How long a password-reset link stays valid. */
  resetTtlMs: number;
  /** The longest lifetime a personal API token may be given. */
  apiTokenMaxDays: number;
  /** Base of the links in e-mails. */
  appUrl: string;
}

export function accountSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): AccountSettings {
  return {
    invitationTtlMs: positiveFromEnv('INVITATION_TTL_HOURS', 72, env) * 3_600_000,
    resetTtlMs: positiveFromEnv('PASSWORD_RESET_TTL_MINUTES', 60, env) * 60_000,
    apiTokenMaxDays: Math.floor(positiveFromEnv('API_TOKEN_MAX_DAYS', 365, env)),
    appUrl: appUrlOf(env),
  };
}
