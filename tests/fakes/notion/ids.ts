/**
 * Identifiers as Notion gives them: objects have UUIDs (accepted with or without dashes, answered with
 * dashes); properties have short random ids, URL-encoded ("%3CLrR"), except the title's, which is
 * always "title" (see "Property object" and "Retrieve a page property item" references).
 */
import { randomInt, randomUUID } from "node:crypto";

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export function newId(): string {
  return randomUUID();
}

/** A UUID in Notion's answer form (lowercase, dashed), or undefined for anything else. */
export function normalizeId(value: unknown): string | undefined {
  if (typeof value !== "string" || !UUID.test(value)) return undefined;
  const hex = value.replaceAll("-", "").toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const PROPERTY_ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:;<=>?@[]^`{|}~";

/** A property id not in `taken`, shaped like Notion's (four characters, URL-encoded). */
export function newPropertyId(taken: ReadonlySet<string>): string {
  for (;;) {
    let raw = "";
    for (let i = 0; i < 4; i++) raw += PROPERTY_ID_CHARS[randomInt(PROPERTY_ID_CHARS.length)];
    const id = encodeURIComponent(raw);
    if (!taken.has(id)) return id;
  }
}

/** Whether a property id as sent (raw or URL-encoded) names the property id `id`. */
export function samePropertyId(sent: string, id: string): boolean {
  return sent === id || safeDecode(sent) === safeDecode(id);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
