import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { gatePacing } from "./rate-gate.ts";

/** Each consumer makes `calls` paced calls and notes when each went out. */
async function consume(pace: () => Promise<void>, calls: number, times: number[]) {
  for (let i = 0; i < calls; i++) {
    await pace();
    times.push(Date.now());
  }
}

describe("the rate gate", () => {
  it("holds one token's rate across consumers running at once, and leaves other tokens alone", async () => {
    const perSecond = 20;
    const [a, b, other] = await Promise.all([
      gatePacing(env, "coda", "shared-token", perSecond),
      gatePacing(env, "coda", "shared-token", perSecond),
      gatePacing(env, "coda", "another-token", perSecond),
    ]);
    if (!a || !b || !other) throw new Error("the RATE_GATE binding is missing");
    const shared: number[] = [];
    const apart: number[] = [];
    const start = Date.now();
    await Promise.all([
      consume(a.pace, 15, shared),
      consume(b.pace, 15, shared),
      consume(other.pace, 10, apart),
    ]);
    shared.sort((x, y) => x - y);
    // 30 calls at 20 a second: never more than 20 in any second (a few ms of timer slack allowed).
    for (let i = 0; i + perSecond < shared.length; i++) {
      expect((shared[i + perSecond] as number) - (shared[i] as number)).toBeGreaterThanOrEqual(950);
    }
    expect((shared.at(-1) as number) - start).toBeGreaterThanOrEqual(1400);
    // The other token's ten calls went at its own pace, not behind the shared ones.
    expect((apart.at(-1) as number) - start).toBeLessThan(1000);
  });

  it("pauses every consumer of a token after a 429 until its Retry-After has passed", async () => {
    const [a, b] = await Promise.all([
      gatePacing(env, "notion", "paused-token", 100),
      gatePacing(env, "notion", "paused-token", 100),
    ]);
    if (!a || !b) throw new Error("the RATE_GATE binding is missing");
    await a.pace();
    const start = Date.now();
    a.onRateLimited(1);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the pause reaches the gate
    await b.pace();
    expect(Date.now() - start).toBeGreaterThanOrEqual(950);
  });
});
