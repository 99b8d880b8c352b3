/**
 * `npm run fakes`: the project's fake of Notion's API on http://127.0.0.1:8790 (`FAKES_PORT` changes
 * it) and its fake of Coda's on the next port, to see a sync work end to end on one machine beside
 * `npm start` (README, "Sync service"). It makes a parent page to connect to, and a Coda doc with a
 * "Revenue" row to bind a key result to, and prints what to set and send; Ctrl-C stops it (its data
 * lives in memory only).
 */
import { startCodaFake } from "../tests/fakes/coda/server.ts";
import { startNotionFake } from "../tests/fakes/notion/server.ts";

const port = Number(process.env.FAKES_PORT ?? 8790);
const fake = await startNotionFake({ port });
const parent = fake.addPage("Cascade (local)");
console.log(`Notion fake:    ${fake.baseUrl}
Token:          ${fake.token}
Parent page id: ${parent}

In .dev.vars:   NOTION_BASE_URL=${fake.baseUrl}   (then npm start)
Connect the demo workspace (its token is printed by npm start):
  curl -X PUT http://localhost:8787/v1/workspaces/demo/connections/notion \\
    -H "authorization: Bearer $DEMO_TOKEN" -H "content-type: application/json" \\
    -d '{"token":"${fake.token}","parentPageId":"${parent}"}'
Then press "Sync now" on http://localhost:8787/dashboard/sync, or:
  curl -X POST http://localhost:8787/v1/workspaces/demo/sync -H "authorization: Bearer $DEMO_TOKEN"
`);

const coda = await startCodaFake({ port: port + 1 });
const docId = coda.addDoc("Cascade (local)");
const { tableId, columnIds } = coda.addTable(docId, "Metrics", ["Metric", "Value"]);
const revenue = coda.addRow(docId, tableId, { Metric: "Revenue", Value: 1200 });
coda.addRow(docId, tableId, { Metric: "Margin", Value: "45%" });
console.log(`Coda fake:      ${coda.baseUrl}
Token:          ${coda.token}
Doc id:         ${docId}
Table "Metrics" ${tableId}: column "Value" ${columnIds.Value}, row "Revenue" ${revenue} (Value 1200)

In .dev.vars:   CODA_BASE_URL=${coda.baseUrl}   (then npm start)
Connect Coda:
  curl -X PUT http://localhost:8787/v1/workspaces/demo/connections/coda \\
    -H "authorization: Bearer $DEMO_TOKEN" -H "content-type: application/json" \\
    -d '{"token":"${coda.token}"}'
Bind the demo's Q4 pipeline key result to the cell:
  curl -X PATCH http://localhost:8787/v1/workspaces/demo/key-results/kr-q4-pipeline-value \
    -H "authorization: Bearer $DEMO_TOKEN" -H "content-type: application/json" \
    -d '{"source":{"type":"coda","docId":"${docId}","tableId":"${tableId}","column":"Value","rowId":"Revenue"}}'
Then sync it (the value becomes a check-in marked "coda"; GET /v1/workspaces/demo/sources shows
every binding's value or problem), and see the row as the worker reads it:
  curl -X POST "http://localhost:8787/v1/workspaces/demo/sync?source=coda" -H "authorization: Bearer $DEMO_TOKEN"
  curl -H "authorization: Bearer ${coda.token}" ${coda.baseUrl}/docs/${docId}/tables/${tableId}/rows/Revenue
`);
const stop = async () => {
  await Promise.all([fake.close(), coda.close()]);
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
