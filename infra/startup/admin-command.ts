/**
 * `npm run admin -- create --login … --name "…" --email … [--region 57] [--position …] [--title "…"]`
 *
 * The first administrator of an empty installation (a ФОМС administrator, role foms_admin;
 * with --region, that region's administrator, role admin, in its ТФОМС). Opens the same
 * database `npm start` uses (DATABASE_URL, else the embedded PGlite in $DATA_DIR/pglite —
 * stop `npm start` first, PGlite admits one process), migrates it, creates the person and
 * prints an initial password to be changed at the first login. An existing login is refused
 * and nothing changes (exit code 1). docs/accounts.md.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { CommandRefused, createFirstAdministrator, FIRST_ADMIN_COMMAND } from '../../services/accounts/first-administrator.js';
import { accountSettingsFromEnv } from '../../services/accounts/account-settings.js';
import { openDatabase } from '../database/database.js';
import { migrate } from '../database/migrate.js';

const usage = `Usage:
  ${FIRST_ADMIN_COMMAND} [--position director|head_of_directorate|head_of_division|specialist] [--title "<должность>"]

  Without --region: a ФОМС administrator (role foms_admin). With --region 57: the region's administrator (role admin).`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      login: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      region: { type: 'string' },
      position: { type: 'string' },
      title: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || positionals[0] !== 'create' || !values.login || !values.name || !values.email) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const dataDir = path.resolve(root, process.env.DATA_DIR ?? '.data');
  const db = await openDatabase({ dataDir: path.join(dataDir, 'pglite'), max: 2 });
  try {
    await migrate(db.sql);
    const admin = await createFirstAdministrator(db.sql, {
      login: values.login,
      fullName: values.name,
      email: values.email,
      regionCode: values.region,
      position: values.position as never,
      positionTitle: values.title,
    });
    const url = accountSettingsFromEnv().appUrl;
    console.log(`Создан администратор ${admin.login} (${admin.role === 'foms_admin' ? 'администратор ФОМС' : `администратор региона ${values.region}`}, организация ${admin.organisationId}).

  Вход:              ${url}/login
  Логин:             ${admin.login}
  Начальный пароль:  ${admin.initialPassword}

Пароль показан один раз и не хранится; при первом входе его нужно заменить своим.`);
    return 0;
  } catch (err) {
    if (err instanceof CommandRefused) {
      console.error(`Отказ: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  },
);
