/** Path patterns of the fakes' routes (`docs/:docId/tables/:tableIdOrName`), shared by every fake. */

/**
 * The parameters of `segments` matched against `pattern`, or undefined when they do not match.
 *
 * @example matchPattern("docs/:docId", ["docs", "AbC"]) // { docId: "AbC" }
 */
export function matchPattern(
  pattern: string,
  segments: readonly string[],
): Record<string, string> | undefined {
  const parts = pattern.split("/");
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const segment = segments[i] ?? "";
    if (part.startsWith(":")) params[part.slice(1)] = segment;
    else if (part !== segment) return undefined;
  }
  return params;
}

/** A matched parameter ("" when the pattern has none of that name). */
export function param(params: Record<string, string>, name: string): string {
  return params[name] ?? "";
}
