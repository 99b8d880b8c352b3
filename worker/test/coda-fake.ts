/**
 * Vitest global setup of the workers tests: the Coda fake (tests/fakes/coda/), started in Node on the
 * port the config chose, with one doc and a Metrics table. The worker reaches it through real HTTP
 * (`CODA_BASE_URL`); tests add and edit their own rows through Coda's own row endpoints.
 */
import type { TestProject } from "vitest/node";
import { startCodaFake } from "../../tests/fakes/coda/server.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const fake = await startCodaFake({ port: Number(process.env.CODA_FAKE_PORT) });
  const docId = fake.addDoc("OKR metrics");
  const { tableId, columnIds } = fake.addTable(docId, "Metrics", ["Metric", "Value", "Note"]);
  // A second table, so a workspace can have sources in two tables (worker/sync/scale.test.ts).
  const pipeline = fake.addTable(docId, "Pipeline", ["Stage", "Count"]);
  fake.addRow(docId, pipeline.tableId, { Stage: "SQL", Count: 40 });
  project.provide("codaFake", {
    baseUrl: fake.baseUrl,
    token: fake.token,
    docId,
    tableId,
    columnIds,
    pipelineTableId: pipeline.tableId,
  });
  return () => fake.close();
}

declare module "vitest" {
  export interface ProvidedContext {
    codaFake: {
      baseUrl: string;
      token: string;
      docId: string;
      tableId: string;
      columnIds: Record<string, string>;
      pipelineTableId: string;
    };
  }
}
