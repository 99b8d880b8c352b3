/** The report as the endpoint sends it: JSON text, written a section at a time, and its UTF-8 bytes. */
import type { ScoreReport } from "../../core/model/report.ts";

/**
 * `JSON.stringify(report)`, one top-level section at a time. The text is the same (a test holds it to
 * that); in workerd, one call over the whole report of 10k key results took about twice as long as its
 * sections one by one (figures in docs/performance.md).
 */
export function reportJson(report: ScoreReport): string {
  let json = "";
  for (const [key, value] of Object.entries(report)) {
    const section = JSON.stringify(value);
    if (section !== undefined) json += `${json ? "," : "{"}${JSON.stringify(key)}:${section}`;
  }
  return json ? `${json}}` : "{}";
}

/** A string's UTF-8 bytes (TextEncoder's buffer is never a shared one, which its type allows). */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
}
