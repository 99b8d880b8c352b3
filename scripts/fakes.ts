/**
 * `npm run fakes`: the project's fake of Notion's API on http://127.0.0.1:8790 (`FAKES_PORT` changes
 * it), to see a sync work end to end on one machine beside `npm start` (README, "Sync service"). It
 * makes a parent page to connect to and prints what to set and send; Ctrl-C stops it (its data lives in
 * memory only).
 */
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
const stop = async () => {
  await fake.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
