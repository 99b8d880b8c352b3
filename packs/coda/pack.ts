/**
 * Cascade's Coda Pack: the manifest registers, the modules beside it define. Scoring formulas run
 * in the pack without an account; sync tables and buttons talk to Cascade's worker.
 */
import * as coda from "@codahq/packs-sdk";
import { actionFormulas } from "./formulas/actions.ts";
import { pipelineFormulas } from "./formulas/pipeline.ts";
import { scoringFormulas } from "./formulas/scoring.ts";
import { connectionName } from "./helpers.ts";
import { syncTables } from "./sync-tables/tables.ts";
import { WORKER_DOMAIN } from "./worker-domain.ts";

export const pack = coda.newPack();

pack.addNetworkDomain(WORKER_DOMAIN);

pack.setUserAuthentication({
  type: coda.AuthenticationType.HeaderBearerToken,
  instructionsUrl: "https://github.com/cascade-okr/cascade#coda-pack",
  getConnectionName: connectionName,
});

// The modules export built formulas and tables (makeFormula, makeSyncTable), so tests can import them
// one by one; the builder's add* methods would build them a second time.
pack.formulas.push(...scoringFormulas, ...pipelineFormulas, ...actionFormulas);
pack.syncTables.push(...syncTables);
