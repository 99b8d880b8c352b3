/**
 * The roles a person may hold in a workspace (no D1 here: the API's schemas, which the pack's types
 * read, import it).
 */
export const ROLES = ["viewer", "member", "admin"] as const;
/** viewer: reads; member: also writes (cascade, key results, check-ins, sync); admin: also manages people. */
export type Role = (typeof ROLES)[number];
