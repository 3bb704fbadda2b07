/**
 * Preloaded (--import) into the API process: SIGTERM ends it through
 * process.exit, so a `--cpu-prof` profile is written (a default SIGTERM death writes none).
 */
process.once('SIGTERM', () => process.exit(0));
