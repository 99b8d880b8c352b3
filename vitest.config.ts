import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["core/**/*.test.ts", "schema/**/*.test.ts", "cli/**/*.test.ts", "tests/**/*.test.ts"],
    testTimeout: 20_000,
  },
});
