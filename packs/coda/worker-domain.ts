/**
 * The build-time setting: the one network domain the pack may call (Cascade's worker), `host[:port]`.
 * `npm run coda -- build|upload ...` builds with another one when `CASCADE_WORKER_DOMAIN` is set
 * (scripts/coda-pack.ts); see "Coda Pack" in the README.
 */
export const WORKER_DOMAIN = "localhost:8787";
