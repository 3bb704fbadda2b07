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

const positive = (name: string, fallback: number, env: NodeJS.ProcessEnv): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got «${raw}»`);
  return n;
};

export function accountSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): AccountSettings {
  return {
    invitationTtlMs: positive('INVITATION_TTL_HOURS', 72, env) * 3_600_000,
    resetTtlMs: positive('PASSWORD_RESET_TTL_MINUTES', 60, env) * 60_000,
    apiTokenMaxDays: Math.floor(positive('API_TOKEN_MAX_DAYS', 365, env)),
    appUrl: (env.APP_URL || `http://127.0.0.1:${env.PORT ?? 3000}`).replace(/\/+$/, ''),
  };
}
