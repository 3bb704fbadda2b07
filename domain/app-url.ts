/**
 * The platform's own address, the base of every link it writes — notifications, invitations and resets,
 * the verification link printed on documents, single sign-on's redirect: APP_URL, else the local
 * address on PORT; no trailing slash. One reading for all of them, so a link never points elsewhere than
 * the others. Takes the environment as an argument: domain/ reads nothing itself.
 */
export function appUrlOf(env: { APP_URL?: string; PORT?: string }): string {
  return (env.APP_URL?.trim() || `http://127.0.0.1:${env.PORT ?? 3000}`).replace(/\/+$/, '');
}
