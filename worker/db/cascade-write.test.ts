import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { tinyCascade } from "../test/helpers.ts";
import { loadCascade } from "./cascade-read.ts";
import { replaceCascade, StaleRevisionError } from "./cascade-write.ts";

const NOW = "2026-01-01T00:00:00Z";

describe("replaceCascade", () => {
  it("writes nothing when the workspace moved past the expected revision inside the transaction", async () => {
    await env.DB.prepare("INSERT INTO workspaces (id, name, created_at) VALUES ('guarded', 'G', ?)")
      .bind(NOW)
      .run();
    const first = await replaceCascade(env.DB, "guarded", tinyCascade("First"), NOW, 0);
    expect(first).toBe(1);
    await expect(replaceCascade(env.DB, "guarded", tinyCascade("Late"), NOW, 0)).rejects.toBeInstanceOf(
      StaleRevisionError,
    );
    const stored = await loadCascade(env.DB, "guarded");
    expect(stored?.doc.organization).toBe("First");
    expect(stored?.revision).toBe(1);
    expect(await replaceCascade(env.DB, "guarded", tinyCascade("Second"), NOW, 1)).toBe(2);
    expect(await replaceCascade(env.DB, "guarded", tinyCascade("Unconditional"), NOW)).toBe(3);
  });

  it("gives every key result the new revision as its version", async () => {
    await env.DB.prepare("INSERT INTO workspaces (id, name, created_at) VALUES ('versions', 'V', ?)")
      .bind(NOW)
      .run();
    await replaceCascade(env.DB, "versions", tinyCascade(), NOW);
    const revision = await replaceCascade(env.DB, "versions", tinyCascade(), NOW);
    const stored = await loadCascade(env.DB, "versions");
    expect([...(stored?.versions.values() ?? [])]).toEqual([revision, revision, revision]);
  });
});
