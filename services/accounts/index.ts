/** Accounts (onboarding): the first administrator, invitations, passwords, lock/unlock, personal API tokens. */
export { invitePerson, resendInvitation, type InvitationOutcome } from './invitations.js';
export { changePassword, setPasswordWithLink, requestPasswordReset, linkIsLive, ChangePasswordBody, SetPasswordBody, PasswordResetRequest } from './passwords.js';
export { lockAccount, unlockAccount, accountOf, type AccountState } from './locks.js';
export { createApiToken, listApiTokens, revokeApiToken, apiTokenHolder, isApiToken, ApiTokenRequest, type ApiTokenInfo } from './api-tokens.js';
export { passwordProblem, NewPassword, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH } from './password-policy.js';
export { createFirstAdministrator, type FirstAdministrator } from './first-administrator.js';
export { accountSettingsFromEnv, type AccountSettings } from './account-settings.js';
