/**
 * How many frames a stack captured inside the workflow sandbox keeps.
 *
 * Why it matters: the SDK records a stack for every promise workflow code creates
 * (it answers the `__stack_trace` query) and maps each frame through the bundle's
 * source map. A command on an execution — and every replay after a cache eviction —
 * creates dozens of promises, so with V8's default of ten frames that mapping was
 * about a third of the workflow thread's time (profile of `npm run bench -- --only=commands
 * --profile`, 2026-12-02). The top frames are the ones that say where a workflow waits.
 *
 * It is loaded before any workflow (a preloaded module, worker/create-worker.ts): the
 * SDK freezes the sandbox's globals after preloading, and `Error` is the sandbox's own.
 */
export const WORKFLOW_STACK_FRAMES = 4;

Error.stackTraceLimit = WORKFLOW_STACK_FRAMES;
