/** The part of `node:zlib` the worker uses (workerd implements it natively with `nodejs_compat`). */
declare module "node:zlib" {
  export function gunzipSync(data: Uint8Array): Uint8Array;
}
