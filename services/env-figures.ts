/**
 * A figure from the environment (a limit, a lifetime): the default when unset or empty, else a
 * positive number — anything else stops the process at start with the variable's name, rather
 * than running with a limit nobody meant.
 */
export function positiveFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got «${raw}»`);
  return n;
}
