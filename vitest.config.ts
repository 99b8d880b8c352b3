import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  // Read in Node, applied inside the Workers runtime by worker/test/apply-migrations.ts.
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
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
              miniflare: { bindings: { TEST_MIGRATIONS: migrations, ADMIN_TOKEN: "test-admin-token" } },
            }),
          ],
          test: {
            name: "workers",
            include: ["worker/**/*.test.ts"],
            setupFiles: ["./worker/test/apply-migrations.ts"],
            testTimeout: 20_000,
          },
        },
      ],
    },
  };
});
