/**
 * Cascade's Coda Pack: the manifest registers, the modules beside it define. Scoring formulas run
 * in the pack without an account; sync tables and buttons talk to the account's Cascade worker.
 */
import * as coda from "@codahq/packs-sdk";
import { actionFormulas } from "./formulas/actions.ts";
import { pipelineFormulas } from "./formulas/pipeline.ts";
import { scoringFormulas } from "./formulas/scoring.ts";
import { sourceFormulas } from "./formulas/sources.ts";
import { connectionName } from "./helpers.ts";
import { syncTables } from "./sync-tables/tables.ts";
import { WORKER_DOMAIN } from "./worker-domain.ts";

export const pack = coda.newPack();

pack.addNetworkDomain(WORKER_DOMAIN);

// Cascade is self-hosted: each account names its own worker (`context.endpoint`), which must lie under
// the build's domain (workers.dev by default), so one published pack connects to any Cascade there.
pack.setUserAuthentication({
  type: coda.AuthenticationType.HeaderBearerToken,
  requiresEndpointUrl: true,
  endpointDomain: WORKER_DOMAIN,
  instructionsUrl: "https://github.com/cascade-okr/cascade/blob/main/packs/coda/README.md",
  getConnectionName: connectionName,
});

// The modules export built formulas and tables (makeFormula, makeSyncTable), so tests can import them
// one by one; the builder's add* methods would build them a second time.
pack.formulas.push(...scoringFormulas, ...pipelineFormulas, ...actionFormulas, ...sourceFormulas);
pack.syncTables.push(...syncTables);
