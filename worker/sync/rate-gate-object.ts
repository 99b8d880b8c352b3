/**
 * The rate gate's Durable Object (the pacing its clients use is in rate-gate.ts, which Node code may
 * import: this file needs the Workers runtime). One instance per token books every consumer's
 * requests in turn.
 */
import { DurableObject } from "cloudflare:workers";
import type { Bindings } from "../env.ts";

export class RateGate extends DurableObject<Bindings> {
  /** When the next free slot begins (ms since the epoch); kept in memory: an idle gate has no debt. */
  #next = 0;
  #pausedUntil = 0;

  /** Books `count` slots at `perSecond`; answers when the first begins (the others follow at the rate). */
  async book(count: number, perSecond: number): Promise<number> {
    const start = Math.max(Date.now(), this.#next, this.#pausedUntil);
    this.#next = start + (count * 1000) / perSecond;
    return start;
  }

  /** Holds every booking until `untilMs`. */
  async pause(untilMs: number): Promise<void> {
    this.#pausedUntil = Math.max(this.#pausedUntil, untilMs);
  }
}
