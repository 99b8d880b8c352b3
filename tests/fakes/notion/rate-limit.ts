/**
 * Per-token throttling: a token bucket refilled at `rate` tokens a second, holding at most
 * `ceil(rate)` (the burst), so `rate` requests a second pass on average, bursts allowed, as the
 * "Request limits" reference puts Notion's long-documented average of three a second. It runs on the
 * machine's monotonic clock, not the fake's `now`, because clients wait out Retry-After in real time.
 */
import { performance } from "node:perf_hooks";

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  /**
   * Takes a token from `key`'s bucket. Answers 0 when the request may pass, else the Retry-After to
   * send: the whole seconds until the bucket holds a token again, at least 1.
   */
  take(key: string, rate: number): number {
    const now = performance.now();
    const burst = Math.ceil(rate);
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
  }
}
