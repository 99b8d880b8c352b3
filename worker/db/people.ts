/**
 * People of a workspace and their tokens, in D1, and the credential lookups that tell a request's
 * person. A person's token is a row of `workspace_tokens` naming the person (`person_id`), so it is
 * checked, revoked and opens dashboard sessions as any workspace token does; a token naming no person
 * is an integration's. A removed person keeps their row (the check-ins they recorded name them) and
 * loses every token and session in the same batch.
 */

import type { Role } from "../roles.ts";
import type { TokenInfo, Workspace } from "./workspaces.ts";

export { ROLES, type Role } from "../roles.ts";

export interface Person {
  id: string;
  name: string;
  email: string;
  role: Role;
  createdAt: string;
  updatedAt: string;
}

/** The person a request acts as: who they are and what they may do. */
export type PersonRef = Pick<Person, "id" | "name" | "role">;

/**
 * Who recorded a check-in: a person (their name when they recorded it), or a token without a person
 * (an integration's: `name` "integration"; the ADMIN_TOKEN: id and name "admin").
 */
export interface CheckInAuthor {
  kind: "person" | "token";
  id: string;
  name: string;
}

/** What D1 keeps beside a check-in: its author (none when unknown) and when it was recorded. */
export interface Authorship {
  author: CheckInAuthor | null;
  /** ISO 8601 UTC. */
  recordedAt: string;
}

/** A request's credential: the token, its workspace and, for a person's token, the person. */
export interface Credential {
  tokenId: string;
  workspace: Workspace;
  person: PersonRef | null;
}

interface PersonRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  created_at: string;
  updated_at: string;
}

const PERSON_COLUMNS = "id, name, email, role, created_at, updated_at";

function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Whether a write failed on the one-live-person-per-email index. */
function isEmailTaken(error: unknown): boolean {
  return (
    error instanceof Error && /UNIQUE constraint failed: (index 'people_by_email'|people)/.test(error.message)
  );
}

/** Adds a person; null when a live person of the workspace has that email (compared without case). */
export async function createPerson(
  db: D1Database,
  workspaceId: string,
  person: { id: string; name: string; email: string; role: Role },
  now: string,
): Promise<Person | null> {
  const row = await db
    .prepare(
      `INSERT INTO people (id, workspace_id, name, email, role, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) ON CONFLICT DO NOTHING RETURNING ${PERSON_COLUMNS}`,
    )
    .bind(person.id, workspaceId, person.name, person.email, person.role, now)
    .first<PersonRow>();
  return row ? toPerson(row) : null;
}

/** Up to `limit` live people of the workspace after id `after`, by id. */
export async function listPeople(
  db: D1Database,
  workspaceId: string,
  after: string,
  limit: number,
): Promise<Person[]> {
  const { results } = await db
    .prepare(
      `SELECT ${PERSON_COLUMNS} FROM people
        WHERE workspace_id = ? AND removed_at IS NULL AND id > ? ORDER BY id LIMIT ?`,
    )
    .bind(workspaceId, after, limit)
    .all<PersonRow>();
  return results.map(toPerson);
}

export async function getPerson(db: D1Database, workspaceId: string, id: string): Promise<Person | null> {
  const row = await db
    .prepare(`SELECT ${PERSON_COLUMNS} FROM people WHERE workspace_id = ? AND id = ? AND removed_at IS NULL`)
    .bind(workspaceId, id)
    .first<PersonRow>();
  return row ? toPerson(row) : null;
}

/**
 * Changes a live person's fields (those given); "not_found" when there is no such person,
 * "email_taken" when another live person has the new email. A role change holds from the person's
 * next request on: every request reads the person with its token.
 */
export async function updatePerson(
  db: D1Database,
  workspaceId: string,
  id: string,
  patch: { name?: string | undefined; email?: string | undefined; role?: Role | undefined },
  now: string,
): Promise<Person | "not_found" | "email_taken"> {
  try {
    const row = await db
      .prepare(
        `UPDATE people SET name = COALESCE(?3, name), email = COALESCE(?4, email), role = COALESCE(?5, role),
                updated_at = ?6
          WHERE workspace_id = ?1 AND id = ?2 AND removed_at IS NULL
         RETURNING ${PERSON_COLUMNS}`,
      )
      .bind(workspaceId, id, patch.name ?? null, patch.email ?? null, patch.role ?? null, now)
      .first<PersonRow>();
    return row ? toPerson(row) : "not_found";
  } catch (error) {
    if (isEmailTaken(error)) return "email_taken";
    throw error;
  }
}

/** Tokens of `personId`, all or one, as a condition on `workspace_tokens` (parameters ?1 to ?3). */
const PERSON_TOKENS = "workspace_id = ?1 AND person_id = ?2 AND (?3 IS NULL OR id = ?3)";

/**
 * Statements that revoke a person's tokens (all, or the one named) and every dashboard session they
 * started. The first returns how many tokens matched (revoked before or now).
 */
function revokePersonTokensStatements(
  db: D1Database,
  workspaceId: string,
  personId: string,
  tokenId: string | null,
  now: string,
): D1PreparedStatement[] {
  return [
    db
      .prepare(`UPDATE workspace_tokens SET revoked_at = COALESCE(revoked_at, ?4) WHERE ${PERSON_TOKENS}`)
      .bind(workspaceId, personId, tokenId, now),
    db
      .prepare(
        `UPDATE dashboard_sessions SET revoked_at = COALESCE(revoked_at, ?4)
          WHERE workspace_id = ?1 AND token_id IN (SELECT id FROM workspace_tokens WHERE ${PERSON_TOKENS})`,
      )
      .bind(workspaceId, personId, tokenId, now),
  ];
}

/**
 * Removes a person: their row stays (marked removed, so check-ins keep naming them) and, in the same
 * batch, every token and dashboard session of theirs is revoked. False when there is no live person.
 */
export async function removePerson(
  db: D1Database,
  workspaceId: string,
  id: string,
  now: string,
): Promise<boolean> {
  const [removed] = await db.batch([
    db
      .prepare("UPDATE people SET removed_at = ?3 WHERE workspace_id = ?1 AND id = ?2 AND removed_at IS NULL")
      .bind(workspaceId, id, now),
    ...revokePersonTokensStatements(db, workspaceId, id, null, now),
  ]);
  return removed?.meta.changes === 1;
}

/** Stores a token (hash only) for a live person of the workspace; false when there is none. */
export async function insertPersonToken(
  db: D1Database,
  workspaceId: string,
  personId: string,
  token: { id: string; hash: string },
  now: string,
): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO workspace_tokens (id, workspace_id, token_hash, created_at, person_id)
       SELECT ?1, ?2, ?3, ?4, ?5
        WHERE EXISTS (SELECT 1 FROM people WHERE workspace_id = ?2 AND id = ?5 AND removed_at IS NULL)`,
    )
    .bind(token.id, workspaceId, token.hash, now, personId)
    .run();
  return result.meta.changes === 1;
}

/** A live person's tokens, oldest first, without secrets; null when there is no such person. */
export async function listPersonTokens(
  db: D1Database,
  workspaceId: string,
  personId: string,
): Promise<TokenInfo[] | null> {
  const [person, tokens] = await db.batch<{ id: string; created_at: string; revoked_at: string | null }>([
    db
      .prepare("SELECT id FROM people WHERE workspace_id = ? AND id = ? AND removed_at IS NULL")
      .bind(workspaceId, personId),
    db
      .prepare(
        `SELECT id, created_at, revoked_at FROM workspace_tokens
          WHERE workspace_id = ? AND person_id = ? ORDER BY created_at, id`,
      )
      .bind(workspaceId, personId),
  ]);
  if (!person?.results.length) return null;
  return (tokens?.results ?? []).map((r) => ({ id: r.id, createdAt: r.created_at, revokedAt: r.revoked_at }));
}

/**
 * Revokes a live person's tokens, all of them or the one named, with the dashboard sessions they
 * started, in one batch. "no_person" or "no_token" when there is nothing of that name to revoke;
 * revoking twice is fine.
 */
export async function revokePersonTokens(
  db: D1Database,
  workspaceId: string,
  personId: string,
  tokenId: string | null,
  now: string,
): Promise<"revoked" | "no_person" | "no_token"> {
  const [person, tokens] = await db.batch([
    db
      .prepare("SELECT id FROM people WHERE workspace_id = ? AND id = ? AND removed_at IS NULL")
      .bind(workspaceId, personId),
    ...revokePersonTokensStatements(db, workspaceId, personId, tokenId, now),
  ]);
  if (!person?.results.length) return "no_person";
  if (tokenId !== null && tokens?.meta.changes !== 1) return "no_token";
  return "revoked";
}

interface CredentialRow {
  token_id: string;
  id: string;
  name: string;
  created_at: string;
  revision: number;
  organization: string | null;
  person_id: string | null;
  person_name: string | null;
  person_role: Role | null;
}

/** The token's workspace and person columns; a person's token opens nothing once the person is removed. */
const CREDENTIAL_SELECT = `t.id AS token_id, w.id, w.name, w.created_at, w.revision, w.organization,
       p.id AS person_id, p.name AS person_name, p.role AS person_role`;
const CREDENTIAL_JOIN = `JOIN workspaces AS w ON w.id = t.workspace_id
       LEFT JOIN people AS p ON p.id = t.person_id AND p.workspace_id = t.workspace_id`;
const LIVE_TOKEN =
  "t.revoked_at IS NULL AND (t.person_id IS NULL OR (p.id IS NOT NULL AND p.removed_at IS NULL))";

function toCredential(row: CredentialRow): Credential {
  return {
    tokenId: row.token_id,
    workspace: {
      id: row.id,
      name: row.name,
      createdAt: row.created_at,
      revision: row.revision,
      hasCascade: row.organization !== null,
    },
    person:
      row.person_id !== null && row.person_name !== null && row.person_role !== null
        ? { id: row.person_id, name: row.person_name, role: row.person_role }
        : null,
  };
}

/**
 * The live token with this hash, its workspace and its person, in one query (a request knows all three
 * after one D1 round trip).
 */
export async function findCredential(db: D1Database, hash: string): Promise<Credential | null> {
  const row = await db
    .prepare(
      `SELECT ${CREDENTIAL_SELECT}
         FROM workspace_tokens AS t ${CREDENTIAL_JOIN}
        WHERE t.token_hash = ? AND ${LIVE_TOKEN}`,
    )
    .bind(hash)
    .first<CredentialRow>();
  return row ? toCredential(row) : null;
}

/**
 * The credential of a live dashboard session (not revoked, not expired at `now`, its token live, its
 * person not removed) with its workspace and person, in one query; null otherwise. A session opened
 * with a person's token acts as that person, with the role they have now.
 */
export async function findSessionCredential(
  db: D1Database,
  sessionId: string,
  now: string,
): Promise<Credential | null> {
  const row = await db
    .prepare(
      `SELECT ${CREDENTIAL_SELECT}
         FROM dashboard_sessions AS s
         JOIN workspace_tokens AS t ON t.id = s.token_id AND t.workspace_id = s.workspace_id
         ${CREDENTIAL_JOIN}
        WHERE s.id = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND ${LIVE_TOKEN}`,
    )
    .bind(sessionId, now)
    .first<CredentialRow>();
  return row ? toCredential(row) : null;
}
