/**
 * The parts of Node's modules the worker uses, which workerd implements natively with `nodejs_compat`.
 * Declared here rather than with `@types/node`, whose globals would hide what Workers lack.
 */
declare module "node:buffer" {
  export class Buffer extends Uint8Array {
    static from(text: string, encoding: "base64" | "utf8"): Buffer;
    toString(encoding?: "base64" | "utf8"): string;
  }
}

declare module "node:zlib" {
  import type { Buffer } from "node:buffer";
  export function gzipSync(data: string | Uint8Array): Buffer;
  export function gunzipSync(data: Uint8Array): Buffer;
}
