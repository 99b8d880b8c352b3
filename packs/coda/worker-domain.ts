/**
 * The build-time setting: the domain the pack may call, `host[:port]`. Each account names its own
 * worker (the URL typed when connecting, `context.endpoint`); this domain is the network domain and the
 * `endpointDomain` that URL must belong to.
 *
 * - `workers.dev` (the default): any Cascade deployed with `wrangler deploy`, at
 *   `https://<worker>.<account>.workers.dev`. One published pack serves every such worker.
 * - a custom domain (`acme.com`): a pack built for workers served under that domain.
 * - `localhost:8787`: a local worker (`npm start`) for `coda execute`; never uploaded.
 *
 * `npm run coda -- build|upload ...` builds with another one when `CASCADE_WORKER_DOMAIN` is set
 * (scripts/coda-pack.ts); see packs/coda/README.md.
 */
export const WORKER_DOMAIN = "workers.dev";

/**
 * Whether a domain names this machine: a pack built for it can only reach a worker on the builder's
 * own computer, never Coda's servers.
 *
 * @example isLocalDomain("localhost:8787") // true
 */
export function isLocalDomain(domain: string): boolean {
  const host = domain
    .trim()
    .toLowerCase()
    .replace(/:\d+$/, "")
    .replace(/^\[|\]$/g, "");
  return host === "localhost" || host.endsWith(".localhost") || host.startsWith("127.") || host === "::1";
}
