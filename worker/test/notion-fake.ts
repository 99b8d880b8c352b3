/**
 * Vitest global setup of the workers tests: the Notion fake (tests/fakes/notion/), started in Node on
 * the port the config chose, so the worker under test reaches it through real HTTP (`NOTION_BASE_URL`).
 * Tests reach it the same way, with the token `inject("notionFake")` gives.
 */
import type { TestProject } from "vitest/node";
import { startNotionFake } from "../../tests/fakes/notion/server.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const fake = await startNotionFake({ port: Number(process.env.NOTION_FAKE_PORT) });
  // The page tests make their own parent pages under (one each, so workspaces never share databases).
  const root = fake.addPage("Cascade tests");
  project.provide("notionFake", { baseUrl: fake.baseUrl, token: fake.token, root });
  return () => fake.close();
}

declare module "vitest" {
  export interface ProvidedContext {
    notionFake: { baseUrl: string; token: string; root: string };
  }
}
