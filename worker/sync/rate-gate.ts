/**
 * The rate gate (rate-gate-object.ts): one Durable Object per Notion integration or Coda account
 * (named by a hash of its token), through which every consumer that calls that service books its requests, so the service's
 * rate limit holds however many consumers run at once. A consumer books a block of slots at a time
 * (one call to the object per `BLOCK` requests, not one per request) and spaces its requests over
 * them; a 429 pauses the gate for everyone until Retry-After has passed.
 */
import type { Bindings } from "../env.ts";
import { sha256Hex } from "../tokens.ts";

/** Requests booked per call to the gate. */
const BLOCK = 10;

/** What a source client awaits before each request, and tells after a 429. */
export interface Pacing {
  pace: () => Promise<void>;
  onRateLimited: (retryAfterSeconds: number) => void;
}

/**
 * Pacing through the gate of `kind` and `token` at `perSecond`; without the binding (the CLI, some
 * tests) the client's own pacing is all there is.
 */
export async function gatePacing(
  env: Pick<Bindings, "RATE_GATE">,
  kind: "notion" | "coda",
  token: string,
  perSecond: number,
): Promise<Pacing | undefined> {
  const namespace = env.RATE_GATE;
  if (namespace === undefined) return undefined;
  const name = `${kind}:${await sha256Hex(token)}`;
  const gate = namespace.get(namespace.idFromName(name));
  const interval = 1000 / perSecond;
  let slots: number[] = [];
  return {
    async pace() {
      if (slots.length === 0) {
        const start = await gate.book(BLOCK, perSecond);
        slots = Array.from({ length: BLOCK }, (_, i) => start + i * interval);
      }
      const at = slots.shift() as number;
      const wait = at - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    },
    onRateLimited(retryAfterSeconds) {
      slots = []; // booked before the pause: book again after it
      void gate.pause(Date.now() + retryAfterSeconds * 1000);
    },
  };
}
