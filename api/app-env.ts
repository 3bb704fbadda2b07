import type { Actor } from '../domain/actor.js';
import type { ServiceDeps } from '../services/deps.js';

/** The API is built over the services' dependencies; the name stays for the routers' signatures. */
export type ApiDeps = ServiceDeps;

export type AppEnv = { Variables: { actor: Actor } };
