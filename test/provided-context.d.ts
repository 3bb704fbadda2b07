// Values the global setup (test/global-setup.ts) provides to every test file:
// `import { inject } from 'vitest'; inject('databaseUrl')`.
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port of the Temporal frontend (own dev server, or $TEMPORAL_ADDRESS). */
    temporalAddress: string;
    temporalNamespace: string;
    /** A freshly created, migrated database for this test run. */
    databaseUrl: string;
    /**
     * true = the embedded PGlite server: ONE busy connection at a time, so use
     * connectDatabase(url, { embedded: true }) (pool of 1) and share that `sql`.
     */
    databaseEmbedded: boolean;
  }
}
