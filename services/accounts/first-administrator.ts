import { randomBytes, randomInt } from 'node:crypto';
import type postgres from 'postgres';
import { z } from 'zod';
import { PositionLevel, PersonId } from '../../domain/person.js';
import { SingleLineText } from '../../domain/text.js';
import { hashPassword } from '../auth/password.js';
import { recordAccountChange } from './account-audit.js';

/** How to create one (printed by `npm start` on a database without people). */
export const FIRST_ADMIN_COMMAND = 'npm run admin -- create --login <логин> --name "<Фамилия Имя Отчество>" --email <адрес> [--region <код региона>]';

/** The ФОМС organisation's id: the same as the demo's, so demo and production data agree. */
export const FOMS_ORGANISATION_ID = 'foms';

export const FirstAdministratorInput = z
  .object({
    login: SingleLineText.trim().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'логин: латиница, цифры, . _ @ -'),
    fullName: SingleLineText.trim().min(1).max(500),
    email: z.string().trim().email('адрес электронной почты'),
    /** A region's code (e.g. 57): that region's administrator (role admin, in its ТФОМС); absent: a ФОМС administrator (foms_admin). */
    regionCode: SingleLineText.trim().regex(/^\d{2,3}$/, 'код региона: две-три цифры').optional(),
    position: PositionLevel.default('head_of_division'),
    positionTitle: SingleLineText.trim().min(1).max(500).default('Администратор платформы'),
  })
  .strict();

export interface FirstAdministrator {
  personId: string;
  login: string;
  organisationId: string;
  role: 'admin' | 'foms_admin';
  /** Shown once; the person must replace it at the first login (must_change_password). */
  initialPassword: string;
}

/** A refusal of the command: said plainly, nothing changed. */
export class CommandRefused extends Error {}

// No 0/O, 1/l/I: the password is read off a terminal and typed by hand.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const initialPassword = () => Array.from({ length: 20 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/**
 * The first administrator of an empty installation (`npm run admin -- create`), or of a region:
 * creates the ФОМС organisation or the region's ТФОМС when the directory has none yet, and the
 * person with an initial password that must be changed at the first login. Refuses an existing
 * login (nothing is changed). The audit trail records it with no actor, source 'command'.
 */
export async function createFirstAdministrator(sql: postgres.Sql, raw: z.input<typeof FirstAdministratorInput>): Promise<FirstAdministrator> {
  const parsed = FirstAdministratorInput.safeParse(raw);
  if (!parsed.success) throw new CommandRefused(parsed.error.issues.map((i) => `${i.path.join('.') || 'ввод'}: ${i.message}`).join('; '));
  const input = parsed.data;
  const password = initialPassword();
  const hash = await hashPassword(password);
  const created = await sql.begin(async (tx) => {
    // One administrator command at a time: the check of the login and the insert go together.
    await tx`select pg_advisory_xact_lock(726300017)`;
    const [taken] = await tx`select id from people where lower(login) = ${input.login.toLowerCase()}`;
    if (taken) throw new CommandRefused(`логин «${input.login}» уже существует: ничего не изменено`);
    let organisationId: string;
    if (input.regionCode) {
      const [region] = await tx<{ name: string }[]>`select name from regions where code = ${input.regionCode}`;
      if (!region) throw new CommandRefused(`региона с кодом ${input.regionCode} нет в справочнике субъектов РФ`);
      const [fund] = await tx<{ id: string }[]>`select id from organisations where kind = 'TFOMS' and region_code = ${input.regionCode} and parent_id is null order by id limit 1`;
      organisationId = fund?.id ?? `tfoms-${input.regionCode}`;
      if (!fund) {
        await tx`insert into organisations (id, kind, name, region_code) values (${organisationId}, 'TFOMS', ${`Территориальный фонд обязательного медицинского страхования (${region.name})`}, ${input.regionCode})`;
      }
    } else {
      const [fund] = await tx<{ id: string }[]>`select id from organisations where kind = 'FOMS' order by id limit 1`;
      organisationId = fund?.id ?? FOMS_ORGANISATION_ID;
      if (!fund) await tx`insert into organisations (id, kind, name) values (${organisationId}, 'FOMS', 'Федеральный фонд обязательного медицинского страхования')`;
    }
    const fromLogin = input.login.toLowerCase();
    const [idTaken] = await tx`select 1 from people where id = ${fromLogin}`;
    const personId = PersonId.safeParse(fromLogin).success && !idTaken ? fromLogin : `admin-${randomBytes(6).toString('hex')}`;
    const role = input.regionCode ? 'admin' : 'foms_admin';
    await tx`insert into people (id, login, full_name, organisation_id, position, position_title, email, roles, password_hash, must_change_password, password_changed_at)
             values (${personId}, ${input.login}, ${input.fullName}, ${organisationId}, ${input.position}, ${input.positionTitle}, ${input.email}, ${[role]}, ${hash}, true, now())`;
    await recordAccountChange(tx, { actorId: null, personId, action: 'created', source: 'command', after: { login: input.login, organisationId, roles: [role] } });
    return { personId, login: input.login, organisationId, role };
  });
  return { ...(created as Omit<FirstAdministrator, 'initialPassword'>), initialPassword: password };
}
