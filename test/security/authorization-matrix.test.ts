import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallDocument } from '../support/fixtures.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { startTestProvider, testOidcConfig, type TestProvider } from '../support/oidc-provider.js';
import { approvedRoadMap } from '../support/roadmaps.js';
import { region2Document, seedAccessFixtures } from '../support/access-fixtures.js';
import { executorReport, fastWeek, monitoredRoadMap, smo2Report, smoReport } from '../monitoring/monitoring-fixtures.js';

/**
 * Every demo role (and the second region's people) × every route of /openapi.json,
 * on real resources: two regions, two competing СМО in region 57, ФОМС.
 *
 * Columns: anon = no token; dir director, ctl controller, exe executor, qua quality,
 * fin finance, it, coo coordinator, adm admin (ТФОМС 57), spe specialist; smo and smc
 * smo-controller (СМО «Полис-Орёл»), smd its director, sm2 smo2 (СМО «Долголетие»);
 * cur curator (ФОМС); d46 and a46 the director and the administrator of region 46.
 *
 * Resources: rmA road map of region 57, approved, its week pA closed and NOT yet
 * submitted to ФОМС; rmB another one whose week pB was submitted; rmDraft a draft;
 * rm46 region 46's road map. eOrder a ТФОМС-only execution of rmA awaiting acceptance;
 * eSmo1 Полис-Орёл's (smo, controlled by smc), in progress; eSmo2 Долголетие's (smo2,
 * controlled by exe) with extension request x1 refused and x2 pending. nSmo2 one of
 * smo2's notifications. Files: attPA and attPB of smo's weekly reports of pA and pB,
 * att46 the signed act of rm46's version 1, attLoose an upload of exe attached to nothing.
 *
 * A command refused for a reason other than access (409: nothing to accept, already
 * approved; 400: the body does not fit) shows that the access check let the person
 * through; 403 that it did not. Outside-scope and unknown people answer alike.
 * A new route fails this test until it has a row; a new role needs a column.
 */
const MATRIX = `
route                                                    anon dir ctl exe qua fin it  coo adm spe smo smc smd sm2 cur d46 a46
GET  /health                                             200  200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
POST /api/auth/login                                     401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
GET  /api/roadmaps                                       401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
POST /api/roadmaps                                       401  201 201 201 201 201 201 201 201 403 403 403 403 403 403 403 403
GET  /api/roadmaps/{rmA}                                 401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 404 404
GET  /api/roadmaps/{rm46}                                401  404 404 404 404 404 404 404 404 404 404 404 404 404 200 200 200
PUT  /api/roadmaps/{rmDraft}                             401  200 200 200 200 200 200 200 200 403 403 403 403 403 403 404 404
POST /api/roadmaps/{rmA}/submit                          401  409 409 409 409 409 409 409 409 403 403 403 403 403 403 404 404
POST /api/roadmaps/{rmA}/approve                         401  409 403 403 403 403 403 403 403 403 403 403 403 403 403 404 404
POST /api/roadmaps/{rmA}/return                          401  409 403 403 403 403 403 403 403 403 403 403 403 403 403 404 404
POST /api/roadmaps/{rmDraft}/versions                    401  409 409 409 409 409 409 409 409 403 403 403 403 403 403 404 404
GET  /api/roadmaps/{rmA}/diff?from=1&to=1                401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 404 404
GET  /api/roadmaps/{rmA}/items                           401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 404 404
GET  /api/roadmaps/{rmA}/events                          401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 404 404
GET  /api/executions/{eOrder}                            401  200 200 200 200 200 200 200 200 200 404 404 404 404 200 404 404
GET  /api/executions/{eSmo1}                             401  200 200 200 200 200 200 200 200 200 200 200 200 404 200 404 404
GET  /api/executions/{eSmo2}                             401  200 200 200 200 200 200 200 200 200 404 404 404 200 200 404 404
POST /api/executions/{eOrder}/complete                   401  403 403 409 403 403 403 403 403 403 404 404 404 404 403 404 404
POST /api/executions/{eSmo1}/accept                      401  403 403 403 403 403 403 403 403 403 403 409 403 404 403 404 404
POST /api/executions/{eSmo1}/return                      401  403 403 403 403 403 403 403 403 403 403 409 403 404 403 404 404
POST /api/executions/{eSmo2}/extension-requests          401  403 403 403 403 403 403 403 403 403 404 404 404 409 403 404 404
POST /api/extension-requests/{x1}/decision               401  403 403 409 403 403 403 403 403 403 404 404 404 403 403 404 404
GET  /api/tasks                                          401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
GET  /api/notifications                                  401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
POST /api/notifications/{nSmo2}/read                     401  404 404 404 404 404 404 404 404 404 404 404 404 200 404 404 404
POST /api/notifications/read-all                         401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
POST /api/substitutions#executor-by-finance              401  201 403 201 403 403 403 403 201 403 403 403 400 403 403 400 400
POST /api/substitutions#smo-by-smc                       401  400 403 403 403 403 403 403 400 403 201 403 201 403 403 400 400
POST /api/substitutions#executor-by-specialist           401  400 403 400 403 403 403 403 400 403 403 403 400 403 403 400 400
POST /api/substitutions#nobody-by-finance                401  400 403 403 403 403 403 403 400 403 403 403 400 403 403 400 400
POST /api/substitutions#r46-executor-by-finance          401  400 403 403 403 403 403 403 400 403 403 403 400 403 403 400 400
POST /api/people/{executor}/transfer#to-finance          401  200 403 403 403 403 403 403 200 403 403 403 404 403 403 404 404
POST /api/people/{executor}/transfer#to-smo              401  400 403 403 403 403 403 403 400 403 403 403 404 403 403 404 404
POST /api/people/{smo}/transfer#to-smc                   401  404 403 403 403 403 403 403 404 403 403 403 200 403 403 404 404
POST /api/people/{nobody}/transfer#to-finance            401  404 403 403 403 403 403 403 404 403 403 403 404 403 403 404 404
GET  /api/directory/organisations                        401  403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 200
POST /api/directory/organisations                        401  403 403 403 403 403 403 403 409 403 403 403 403 403 403 403 403
GET  /api/directory/organisations/{tfoms57}              401  403 403 403 403 403 403 403 200 403 403 403 403 403 404 404 404
PATCH /api/directory/organisations/{tfoms57}             401  403 403 403 403 403 403 403 400 403 403 403 403 403 404 404 404
POST /api/directory/organisations/{tfoms57}/deactivate   401  403 403 403 403 403 403 403 409 403 403 403 403 403 404 404 404
POST /api/directory/organisations/{tfoms57}/reactivate   401  403 403 403 403 403 403 403 409 403 403 403 403 403 404 404 404
GET  /api/directory/people                               401  403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 200
POST /api/directory/people                               401  403 403 403 403 403 403 403 409 403 403 403 403 403 403 403 400
GET  /api/directory/people/{executor}                    401  403 403 403 403 403 403 403 200 403 403 403 403 403 404 404 404
PATCH /api/directory/people/{executor}                   401  403 403 403 403 403 403 403 400 403 403 403 403 403 404 404 404
POST /api/directory/people/{executor}/deactivate         401  403 403 403 403 403 403 403 400 403 403 403 403 403 404 404 404
POST /api/directory/people/{executor}/reactivate         401  403 403 403 403 403 403 403 409 403 403 403 403 403 404 404 404
GET  /api/directory/changes                              401  403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 200
GET  /api/directory/pilot                                401  403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403
PATCH /api/directory/pilot/groups/szfo                   401  403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403
PUT  /api/directory/pilot/regions/57                     401  403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403
GET  /api/monitoring/periods                             401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
GET  /api/monitoring/periods/{pA}                        401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 404 404
POST /api/monitoring/periods/{pA}/reports#executor       401  403 403 409 403 403 403 403 403 403 403 403 403 403 403 404 404
GET  /api/monitoring/reports?roadmap={rmA}               401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 404 404
GET  /api/monitoring/reports?roadmap={rmA}&period={pA}   401  200 200 200 200 200 200 200 200 200 200 200 200 200 403 404 404
GET  /api/monitoring/reports?roadmap={rmB}&period={pB}   401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 404 404
GET  /api/monitoring/periods/{pA}/consolidated           401  200 200 200 200 200 200 200 200 200 403 403 403 403 403 404 404
GET  /api/monitoring/periods/{pB}/consolidated           401  200 200 200 200 200 200 200 200 200 403 403 403 403 200 404 404
POST /api/monitoring/periods/{pB}/consolidated/submit    401  403 403 403 403 403 403 409 403 403 403 403 403 403 403 404 404
GET  /api/monitoring/periods/{pB}/consolidated.xlsx      401  200 200 200 200 200 200 200 200 200 403 403 403 403 200 404 404
GET  /api/monitoring/periods/{pB}/consolidated.csv       401  200 200 200 200 200 200 200 200 200 403 403 403 403 200 404 404
GET  /api/monitoring/discipline?roadmap={rmA}            401  200 200 200 200 200 200 200 200 200 403 403 403 403 200 404 404
POST /api/auth/logout                                    401  204 204 204 204 204 204 204 204 204 204 204 204 204 204 204 204
GET  /api/roadmaps/import-template.xlsx                  401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
POST /api/roadmaps/import                                401  400 400 400 400 400 400 400 400 403 403 403 403 403 403 400 400
GET  /api/roadmaps/{rmA}/versions/1/roadmap.docx         401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 404 404
GET  /api/roadmaps/{rmA}/versions/1/appointments.docx    401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 404 404
GET  /api/roadmaps/{rmA}/versions/1/financing.xlsx       401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 404 404
GET  /api/roadmaps/{rmA}/versions/1/roadmap.xlsx         401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 404 404
GET  /api/regions                                        401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
GET  /api/pilot                                          401  403 403 403 403 403 403 403 403 403 403 403 403 403 200 403 403
GET  /api/pilot/weeks/2026-W49                           401  403 403 403 403 403 403 403 403 403 403 403 403 403 200 403 403
GET  /api/pilot/weeks/2026-W49/summary.xlsx              401  403 403 403 403 403 403 403 403 403 403 403 403 403 200 403 403
GET  /api/pilot/trend                                    401  403 403 403 403 403 403 403 403 403 403 403 403 403 200 403 403
GET  /api/pilot/readiness                                401  403 403 403 403 403 403 403 403 403 403 403 403 403 200 403 403
GET  /api/pilot/readiness.xlsx                           401  403 403 403 403 403 403 403 403 403 403 403 403 403 200 403 403
GET  /api/pilot/regions/65?week=2026-W49                 401  403 403 403 403 403 403 403 403 403 403 403 403 403 200 403 403
POST /api/attachments                                    401  400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400
GET  /api/attachments/{attPA}                            401  200 200 200 200 200 200 200 200 200 200 200 200 404 404 404 404
GET  /api/attachments/{attPB}                            401  200 200 200 200 200 200 200 200 200 200 200 200 404 200 404 404
GET  /api/attachments/{att46}                            401  404 404 404 404 404 404 404 404 404 404 404 404 404 200 200 200
GET  /api/attachments/{attLoose}                         401  404 404 200 404 404 404 404 404 404 404 404 404 404 404 404 404
POST /api/auth/password-reset                            202  202 202 202 202 202 202 202 202 202 202 202 202 202 202 202 202
POST /api/auth/set-password                              400  400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400
POST /api/account/password                               401  400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400
GET  /api/account/tokens                                 401  200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
POST /api/account/tokens                                 401  201 201 201 201 201 201 201 201 201 201 201 201 201 201 201 201
DELETE /api/account/tokens/{tokExe}                      401  404 404 204 404 404 404 404 404 404 404 404 404 404 404 404 404
GET  /api/people/{lockee}/account                        401  403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 404
POST /api/people/{invitee}/invitation                    401  403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 404
POST /api/people/{lockee}/lock                           401  403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 404
POST /api/people/{lockee}/unlock                         401  403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 404
GET  /api/regions/57/directory/templates/people.xlsx     401  403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 403
GET  /api/regions/46/directory/templates/mo.xlsx         401  403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 200
POST /api/regions/57/directory/import                    401  403 403 403 403 403 403 403 400 403 403 403 403 403 403 403 403
POST /api/regions/46/directory/import?dryRun=false       401  403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 400
`;

/**
 * The web pages for the main cases, with the same columns: the session cookie of
 * the same person; anon is sent to the login form (303). Pages refuse with the
 * status the API gives. Single sign-on's pages are public: anyone may start a login
 * (302 to the test provider; a signed-in person is sent on to /tasks, 303), and a
 * callback without the state this browser was given is refused alike for all (400).
 */
const PAGES = `
page                                                     anon dir ctl exe qua fin it  coo adm spe smo smc smd sm2 cur d46 a46
GET  /tasks                                              303  200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
GET  /inbox                                              303  200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
GET  /directory                                          303  403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 200
GET  /directory/people                                   303  403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 200
GET  /directory/changes                                  303  403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 200
GET  /directory/organisations/{tfoms57}                  303  403 403 403 403 403 403 403 200 403 403 403 403 403 404 404 404
GET  /directory/people/{executor}                        303  403 403 403 403 403 403 403 200 403 403 403 403 403 404 404 404
GET  /directory/pilot                                    303  403 403 403 403 403 403 403 403 403 403 403 403 403 403 403 403
GET  /monitoring                                         303  200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
GET  /roadmaps                                           303  200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
GET  /roadmaps/{rmA}                                     303  200 200 200 200 200 200 200 200 200 200 200 200 200 200 404 404
GET  /roadmaps/{rm46}                                    303  404 404 404 404 404 404 404 404 404 404 404 404 404 200 200 200
GET  /roadmaps/{rmDraft}/items/order/edit                303  200 200 200 200 200 200 200 200 403 403 403 403 403 403 404 404
GET  /roadmaps/{rmA}/dashboard                           303  200 200 200 200 200 200 200 200 200 403 403 403 403 200 404 404
GET  /executions/{eOrder}                                303  200 200 200 200 200 200 200 200 200 404 404 404 404 200 404 404
GET  /executions/{eSmo1}                                 303  200 200 200 200 200 200 200 200 200 200 200 200 404 200 404 404
GET  /executions/{eSmo2}                                 303  200 200 200 200 200 200 200 200 200 404 404 404 200 200 404 404
GET  /monitoring/periods/{pA}/consolidated               303  200 200 200 200 200 200 200 200 200 403 403 403 403 403 404 404
GET  /monitoring/periods/{pB}/consolidated               303  200 200 200 200 200 200 200 200 200 403 403 403 403 200 404 404
GET  /monitoring/periods/{pB}/consolidated.xlsx          303  200 200 200 200 200 200 200 200 200 403 403 403 403 200 404 404
GET  /verify/{rm46}/1                                    200  200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
GET  /verify/{rmDraft}/1                                 404  404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404
GET  /auth/oidc/login                                    302  303 303 303 303 303 303 303 303 303 303 303 303 303 303 303 303
GET  /auth/oidc/callback?code=c&state=s                  400  400 400 400 400 400 400 400 400 400 400 400 400 400 400 400 400
GET  /account                                             303  200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200
GET  /account/people/{lockee}                            303  403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 404
GET  /directory-import                                    303  403 403 403 403 403 403 403 200 403 403 403 403 403 403 403 200
GET  /pilot/trend                                        303  403 403 403 403 403 403 403 403 403 403 403 403 403 200 403 403
GET  /pilot/readiness                                    303  403 403 403 403 403 403 403 403 403 403 403 403 403 200 403 403
`;

/** Column → login (anon: no token). */
const ROLES: Record<string, string | null> = {
  anon: null, dir: 'director', ctl: 'controller', exe: 'executor', qua: 'quality', fin: 'finance', it: 'it', coo: 'coordinator',
  adm: 'admin', spe: 'specialist', smo: 'smo', smc: 'smo-controller', smd: 'smo-director', sm2: 'smo2', cur: 'curator',
  d46: 'r46-director', a46: 'r46-admin',
};

const farFuture = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const substitution = (personId: string, substituteId: string) => () => ({
  personId, substituteId, startsAt: farFuture(300), endsAt: farFuture(310), reason: 'Отпуск (проверка прав)',
});
const later = () => ({ date: new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10) });

/** Bodies by the row's route (with its #label); a function of the column's login. */
const BODIES: Record<string, (login: string | null, r: Resources) => unknown> = {
  'POST /api/auth/login': (login) => (login ? { login, password: 'demo' } : { login: 'no-such-login', password: 'demo' }),
  'POST /api/roadmaps': () => smallDocument(),
  'PUT /api/roadmaps/{rmDraft}': () => smallDocument(),
  'POST /api/roadmaps/{rmA}/return': () => ({ comment: 'Доработать (проверка прав)' }),
  'POST /api/executions/{eOrder}/complete': () => ({ text: 'Сделано (проверка прав)' }),
  'POST /api/executions/{eSmo1}/return': () => ({ comment: 'Доработать (проверка прав)' }),
  'POST /api/executions/{eSmo2}/extension-requests': () => ({ newDeadline: later(), reason: 'Проверка прав' }),
  'POST /api/extension-requests/{x1}/decision': () => ({ granted: false, comment: 'Проверка прав' }),
  'POST /api/substitutions#executor-by-finance': substitution('executor', 'finance'),
  'POST /api/substitutions#smo-by-smc': substitution('smo', 'smo-controller'),
  'POST /api/substitutions#executor-by-specialist': substitution('executor', 'specialist'),
  'POST /api/substitutions#nobody-by-finance': substitution('nobody', 'finance'),
  'POST /api/substitutions#r46-executor-by-finance': substitution('r46-executor', 'finance'),
  'POST /api/people/{executor}/transfer#to-finance': () => ({ toPersonId: 'finance', reason: 'Проверка прав', dryRun: true }),
  'POST /api/people/{executor}/transfer#to-smo': () => ({ toPersonId: 'smo', reason: 'Проверка прав', dryRun: true }),
  'POST /api/people/{smo}/transfer#to-smc': () => ({ toPersonId: 'smo-controller', reason: 'Проверка прав', dryRun: true }),
  'POST /api/people/{nobody}/transfer#to-finance': () => ({ toPersonId: 'finance', reason: 'Проверка прав', dryRun: true }),
  // Directory commands whose body passes the access check and then fails harmlessly (taken number or login, a field that does not fit).
  'POST /api/directory/organisations': () => ({ kind: 'MO', regionCode: '57', registryNumber: '1', name: 'Проверка прав' }),
  'PATCH /api/directory/organisations/{tfoms57}': () => ({ registryNumber: '5' }),
  'POST /api/directory/people': () => ({ login: 'director', fullName: 'Проверка прав', organisationId: 'tfoms-57', position: 'specialist', positionTitle: 'Специалист' }),
  'PATCH /api/directory/people/{executor}': () => ({ organisationId: 'fx-tfoms-46' }),
  'POST /api/directory/people/{executor}/deactivate': () => ({ reason: 'Проверка прав', receiverId: 'smo', dryRun: true }),
  // Only a ФОМС administrator (tested in test/directory/directory-api.test.ts) keeps the pilot: everyone here is refused.
  'PATCH /api/directory/pilot/groups/szfo': () => ({ curatorName: 'Проверка прав' }),
  'PUT /api/directory/pilot/regions/57': () => ({ groupId: null }),
  'POST /api/monitoring/periods/{pA}/reports#executor': () => ({ reporterId: 'executor', ...executorReport }),
  'POST /api/monitoring/periods/{pB}/consolidated/submit': () => ({ comment: 'Проверка прав' }),
  'POST /api/auth/password-reset': () => ({ email: 'nobody-known@matrix.example' }),
  'POST /api/auth/set-password': () => ({ token: 'not-a-live-link', password: 'вишнёвый сад у реки 1904' }),
  'POST /api/account/password': () => ({ currentPassword: 'не тот пароль (проверка прав)', newPassword: 'вишнёвый сад у реки 1904' }),
  'POST /api/account/tokens': () => ({ name: 'Проверка прав', expiresInDays: 1 }),
};

interface Resources {
  rmA: string; rmB: string; rmDraft: string; rm46: string;
  pA: string; pB: string;
  eOrder: string; eSmo1: string; eSmo2: string; x1: string; nSmo2: string;
  executor: string; smo: string; nobody: string; tfoms57: string;
  attPA: string; attPB: string; att46: string; attLoose: string;
  /** Accounts: an executor's API token; a ТФОМС 57 person invited but without a password; one to lock and unlock. */
  tokExe: string; invitee: string; lockee: string;
}

async function upload(login: string, name: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([`%PDF-1.4\n% ${name} ${Date.now()}\ntrailer << >>\n%%EOF\n`]), name);
  const res = await fetch(`${h.baseUrl}/api/attachments`, { method: 'POST', headers: { authorization: `Bearer ${await h.login(login)}` }, body: form });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function accountFixtures(executorSession: string): Promise<Pick<Resources, 'tokExe' | 'invitee' | 'lockee'>> {
  await h.sql`insert into people (id, login, full_name, organisation_id, position, position_title, email) values
    ('matrix-invitee', 'matrix-invitee', 'Приглашённый Сотрудник', 'tfoms-57', 'specialist', 'Специалист', 'invitee@matrix.example'),
    ('matrix-lockee', 'matrix-lockee', 'Блокируемый Сотрудник', 'tfoms-57', 'specialist', 'Специалист', 'lockee@matrix.example')
    on conflict (id) do nothing`;
  const created = await h.call('POST', '/api/account/tokens', { token: executorSession, body: { name: 'Матрица', expiresInDays: 1 } });
  expect(created.status).toBe(201);
  return { tokExe: created.body.id, invitee: 'matrix-invitee', lockee: 'matrix-lockee' };
}

interface Row { method: string; route: string; template: string; expected: Record<string, number> }

function parseMatrix(text: string): Row[] {
  const [header, ...lines] = text.trim().split('\n');
  const columns = header.trim().split(/\s+/).slice(1);
  expect(columns.sort()).toEqual(Object.keys(ROLES).sort());
  const ordered = header.trim().split(/\s+/).slice(1);
  return lines.map((line) => {
    const [method, route, ...cells] = line.trim().split(/\s+/);
    expect(cells, `row ${method} ${route}`).toHaveLength(ordered.length);
    return { method, route, template: route.split('#')[0], expected: Object.fromEntries(ordered.map((c, i) => [c, Number(cells[i])])) };
  });
}

const fill = (template: string, r: Resources) => template.replace(/\{(\w+)\}/g, (_, k: keyof Resources) => encodeURIComponent(r[k]));
const openApiPattern = (path: string) => new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);

let h: Harness;
let res: Resources;
const tokens = new Map<string, string>();

async function prepare(): Promise<Resources> {
  await seedAccessFixtures(h.sql);
  const coordinator = await h.login('coordinator');
  const [a, b, draft, r46] = await Promise.all([
    monitoredRoadMap(h, fastWeek({ dueAfter: 'PT4S', cutoffAfter: 'PT10S' })),
    monitoredRoadMap(h, fastWeek({ dueAfter: 'PT20S', cutoffAfter: 'PT90S' })),
    h.call('POST', '/api/roadmaps', { token: coordinator, body: smallDocument() }),
    (async () => {
      const c46 = await h.login('r46-coordinator');
      const created = await h.call('POST', '/api/roadmaps', { token: c46, body: region2Document() });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.roadMapId as string;
      expect((await h.call('POST', `/api/roadmaps/${id}/submit`, { token: c46 })).status).toBe(200);
      const act = await upload('r46-director', 'Приказ об утверждении.pdf');
      const approved = await h.call('POST', `/api/roadmaps/${id}/approve`, { token: await h.login('r46-director'), body: { attachments: [{ attachmentId: act }] } });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      return { id, act };
    })(),
  ]);
  expect(draft.status).toBe(201);
  const [executor, smo, smo2] = await Promise.all(['executor', 'smo', 'smo2'].map((l) => h.login(l)));
  const eOrder = `${a.roadMapId}.order.fund`;
  const eSmo1 = `${a.roadMapId}.inform-1.${a.mos[0]}`;
  const eSmo2 = `${a.roadMapId}.inform-2.${a.mos[0]}`;
  const ok = async (p: Promise<{ status: number; body: any }>) => {
    const r = await p;
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    return r.body;
  };
  // Every week's reports in: pB is compiled at once and submitted to ФОМС; pA waits for its cut-off, unsubmitted.
  const weekFiles: string[] = [];
  for (const p of [a, b]) {
    await ok(h.call('POST', `/api/monitoring/periods/${p.periodId}/reports`, { token: executor, body: executorReport }));
    weekFiles.push(await upload('smo', `Отчёт СМО ${p.periodId}.pdf`));
    await ok(h.call('POST', `/api/monitoring/periods/${p.periodId}/reports`, { token: smo, body: { ...smoReport(p.mos), attachments: [{ attachmentId: weekFiles.at(-1) }] } }));
    await ok(h.call('POST', `/api/monitoring/periods/${p.periodId}/reports`, { token: smo2, body: smo2Report(p.mos) }));
  }
  await eventually(() => h.call('GET', `/api/monitoring/periods/${b.periodId}/consolidated`, { token: coordinator }), (r) => r.status === 200, 30_000);
  await ok(h.call('POST', `/api/monitoring/periods/${b.periodId}/consolidated/submit`, { token: coordinator, body: { comment: 'Направляю' } }));

  await ok(h.call('POST', `/api/executions/${eOrder}/complete`, { token: executor, body: { text: 'Распоряжение подписано' } }));
  const x1 = (await ok(h.call('POST', `/api/executions/${eSmo2}/extension-requests`, { token: smo2, body: { newDeadline: later(), reason: 'Первый запрос' } }))).requestId as string;
  await ok(h.call('POST', `/api/extension-requests/${x1}/decision`, { token: executor, body: { granted: false, comment: 'Нет оснований' } }));
  await ok(h.call('POST', `/api/executions/${eSmo2}/extension-requests`, { token: smo2, body: { newDeadline: later(), reason: 'Второй запрос' } }));
  const [note] = await h.sql<{ id: string }[]>`select id from notifications where person_id = 'smo2' and roadmap_id = ${a.roadMapId} limit 1`;
  await eventually(() => h.call('GET', `/api/monitoring/periods/${a.periodId}`, { token: coordinator }), (r) => r.body.status === 'closed', 40_000);
  return {
    rmA: a.roadMapId, rmB: b.roadMapId, rmDraft: draft.body.roadMapId, rm46: r46.id,
    pA: a.periodId, pB: b.periodId, eOrder, eSmo1, eSmo2, x1, nSmo2: note.id,
    executor: 'executor', smo: 'smo', nobody: 'nobody', tfoms57: 'tfoms-57',
    attPA: weekFiles[0], attPB: weekFiles[1], att46: r46.act, attLoose: await upload('executor', 'черновик.pdf'),
    ...(await accountFixtures(executor)),
  };
}

let provider: TestProvider;

beforeAll(async () => {
  const appUrl = 'http://127.0.0.1:9';
  provider = await startTestProvider({ client_id: 'roadmaps', client_secret: 'roadmaps-test-secret', redirect_uris: [`${appUrl}/auth/oidc/callback`] });
  h = await startHarness({ oidc: testOidcConfig(provider.issuer, appUrl) });
  res = await prepare();
  for (const login of Object.values(ROLES)) if (login) tokens.set(login, await h.login(login));
}, 180_000);
afterAll(async () => {
  if (h) await h.sql`delete from substitutions where reason = 'Отпуск (проверка прав)'`;
  await h?.close();
  await provider?.stop();
});

describe('authorization matrix: every role × every route', () => {
  const rows = parseMatrix(MATRIX);

  it('has a row for every route of /openapi.json and no row for a route that does not exist', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path, pattern: openApiPattern(path) })));
    const covers = (row: Row, r: (typeof routes)[number]) => row.method === r.method && r.pattern.test(fill(row.template, res).split('?')[0]);
    expect(routes.filter((r) => !rows.some((row) => covers(row, r))).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(rows.filter((row) => !routes.some((r) => covers(row, r))).map((row) => `${row.method} ${row.route}`)).toEqual([]);
  });

  it('answers every cell as the table says', async () => {
    const cells = rows.flatMap((row) => Object.entries(row.expected).map(([column, status]) => ({ row, column, status })));
    const wrong: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cells.length) {
        const { row, column, status } = cells[next++];
        const login = ROLES[column];
        const build = BODIES[`${row.method} ${row.route}`];
        // Logging out revokes the token it is sent with: that cell gets a token of its own.
        const token = login ? (row.route === '/api/auth/logout' ? (await h.call('POST', '/api/auth/login', { body: { login, password: 'demo' } })).body.token : tokens.get(login)) : undefined;
        const answer = await h.call(row.method, fill(row.template, res), { token, body: build?.(login, res) });
        if (answer.status !== status) {
          const why = typeof answer.body === 'object' ? answer.body?.error?.message : String(answer.body).slice(0, 80);
          wrong.push(`${row.method} ${row.route} as ${column}: expected ${status}, got ${answer.status} (${why})`);
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    expect(wrong.sort()).toEqual([]);
  }, 300_000);

  it('answers every page as the table says', async () => {
    const wrong: string[] = [];
    for (const row of parseMatrix(PAGES)) {
      await Promise.all(
        Object.entries(row.expected).map(async ([column, status]) => {
          const login = ROLES[column];
          const headers: Record<string, string> = login ? { cookie: `rm_session=${tokens.get(login)}` } : {};
          const page = await fetch(h.baseUrl + fill(row.template, res), { headers, redirect: 'manual' });
          await page.arrayBuffer();
          if (page.status !== status) wrong.push(`${row.method} ${row.route} as ${column}: expected ${status}, got ${page.status}`);
        }),
      );
    }
    expect(wrong.sort()).toEqual([]);
  }, 300_000);
});
