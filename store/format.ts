/**
 * The text a cascade document file is written as: JSON, two-space indentation, and any object or array
 * that fits on one line within `WIDTH` columns written on one line. The same document always gives the
 * same text, and a change to one key result or check-in changes only its own lines, so a rewritten
 * file diffs like a hand-edited one.
 */

/** Columns a line may take before an object or array is spread over several. */
const WIDTH = 100;

/**
 * The document's file text, ending in a newline.
 *
 * @example formatDocument({ version: 1, cycles: [{ id: "q1" }] }) // '{\n  "version": 1,\n  "cycles": [{ "id": "q1" }]\n}\n'
 */
export function formatDocument(doc: unknown): string {
  return `${format(doc, 0, 0)}\n`;
}

/** `value` at nesting `depth`, its first line starting `offset` columns after the indentation. */
function format(value: unknown, depth: number, offset: number): string {
  const inline = oneLine(value);
  if (value === null || typeof value !== "object" || depth * 2 + offset + inline.length <= WIDTH) {
    return inline;
  }
  const pad = "  ".repeat(depth + 1);
  const end = "  ".repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => pad + format(item, depth + 1, 0)).join(",\n")}\n${end}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  const lines = entries.map(([key, v]) => {
    const name = `${JSON.stringify(key)}: `;
    return pad + name + format(v, depth + 1, name.length);
  });
  return `{\n${lines.join(",\n")}\n${end}}`;
}

/** `value` on one line, with a space inside braces and after commas and colons. */
function oneLine(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(oneLine).join(", ")}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([key, v]) => `${JSON.stringify(key)}: ${oneLine(v)}`).join(", ")} }`;
}
