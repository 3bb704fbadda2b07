/**
 * PASSWORD_LOGIN=off: once everyone signs in through the provider, passwords
 * stop working (the form is hidden, POST /api/auth/login and the form refuse).
 * The way back in when the provider is gone (break-glass) is documented in docs/sso.md.
 */
export function passwordLoginFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env.PASSWORD_LOGIN?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'on') return true;
  if (raw === 'off') return false;
  throw new Error(`PASSWORD_LOGIN must be on or off, got «${env.PASSWORD_LOGIN}»`);
}

/** What a password login is told when PASSWORD_LOGIN=off (page and API alike); `sso` names the provider when there is one. */
export const passwordLoginOffMessage = (sso: string | null) =>
  sso ? `Вход по паролю отключён: войдите через ${sso}.` : 'Вход по паролю отключён администратором.';
