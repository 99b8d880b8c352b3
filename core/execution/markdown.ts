/** Small helpers for the markdown a facilitator pastes into a meeting doc. */

/**
 * Escapes the characters that would turn a title into markup (emphasis, links, tables, html).
 *
 * @example escapeMarkdown("Cut *all* costs | now") // "Cut \\*all\\* costs \\| now"
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`).replace(/\s*\n\s*/g, " ");
}

/**
 * Inline code for an id (backticks inside are dropped: ids rarely have them, and the text stays readable).
 *
 * @example code("kr-1") // "`kr-1`"
 */
export function code(id: string): string {
  return `\`${id.replace(/`/g, "")}\``;
}

/**
 * "1 item", "3 items".
 *
 * @example plural(1, "item") // "1 item"
 */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
