/**
 * The build-time setting: the one network domain the pack may call (Cascade's worker), `host[:port]`.
 * `npm run coda -- build|upload ...` rewrites this file when `CASCADE_WORKER_DOMAIN` is set
 * (packs/coda/scripts/coda.ts); see "Coda Pack" in the README.
 */
export const WORKER_DOMAIN = "localhost:8787";
