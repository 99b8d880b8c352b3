import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { freePort } from "./scripts/local-worker.ts";

export default defineConfig(async () => {
  // Read in Node, applied inside the Workers runtime by worker/test/apply-migrations.ts.
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  // The Notion fake the workers tests sync against (worker/test/notion-fake.ts starts it on this port).
  process.env.NOTION_FAKE_PORT ??= String(await freePort());
  // And the Coda fake's (worker/test/coda-fake.ts).
  while (
    process.env.CODA_FAKE_PORT === undefined ||
    process.env.CODA_FAKE_PORT === process.env.NOTION_FAKE_PORT
  ) {
    process.env.CODA_FAKE_PORT = String(await freePort());
  }
  return {
    test: {
      projects: [
        {
          test: {
            name: "node",
            include: [
              "core/**/*.test.ts",
              "schema/**/*.test.ts",
              "store/**/*.test.ts",
              "cli/**/*.test.ts",
              "packs/**/*.test.ts",
              "integrations/**/*.test.ts",
              "tests/**/*.test.ts",
            ],
            testTimeout: 20_000,
          },
        },
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  ADMIN_TOKEN: "test-admin-token",
                  CONNECTIONS_KEY: "dGVzdC1rZXktb2YtMzItYnl0ZXMtZm9yLWFlcy1nY20=",
                  NOTION_BASE_URL: `http://127.0.0.1:${process.env.NOTION_FAKE_PORT}`,
                  NOTION_RATE: "1000",
                  CODA_BASE_URL: `http://127.0.0.1:${process.env.CODA_FAKE_PORT}/apis/v1`,
                  CODA_RATE: "1000",
                },
              },
            }),
          ],
          test: {
            name: "workers",
            include: ["worker/**/*.test.ts"],
            setupFiles: ["./worker/test/apply-migrations.ts"],
            globalSetup: ["./worker/test/notion-fake.ts", "./worker/test/coda-fake.ts"],
            testTimeout: 20_000,
          },
        },
      ],
    },
  };
});
