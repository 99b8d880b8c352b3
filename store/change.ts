/**
 * What a change does to a stored cascade, in memory: the one definition every store uses to know the
 * cascade a change leaves (the D1 store to answer and cache without reading back, the file store to
 * write it). Copy on write: the cascade changed from is never touched, so it may be a cached one.
 */
import type { CheckIn, KeyResult } from "../schema/document.ts";
import type { ApplyConflict, CascadeChange, Revision, StoredCascade } from "./port.ts";

/**
 * The cascade `change` leaves when applied to `base` and given `revision`, or why it cannot apply.
 * `base` may be null only for a replace. An `updateKeyResult` that changes nothing (`sameJson`) leaves
 * `base` itself, at its revision with every version as it was: a store writes nothing for it, and no
 * other client's If-Match goes stale.
 *
 * @example applyChange(stored, { kind: "addCheckIn", keyResultId: "kr-1", checkIn }, stored.revision + 1)
 */
export function applyChange<R extends Revision>(
  base: StoredCascade<R> | null,
  change: CascadeChange<R>,
  revision: R,
): StoredCascade<R> | ApplyConflict {
  if (change.kind === "replace") {
    const versions = new Map<string, R>();
    for (const kr of change.doc.keyResults) versions.set(kr.id, revision);
    return { doc: change.doc, revision, versions };
  }
  if (base === null) return { ok: false, reason: "not_found", what: "cascade" };
  if (change.kind === "addCheckIns") return withCheckIns(base, change.checkIns, revision);
  const id = change.kind === "addCheckIn" ? change.keyResultId : change.keyResult.id;
  const index = base.doc.keyResults.findIndex((kr) => kr.id === id);
  const found = base.doc.keyResults[index];
  if (found === undefined) return { ok: false, reason: "not_found", what: "key result" };
  let changed: KeyResult;
  if (change.kind === "addCheckIn") {
    changed = { ...found, checkIns: [...(found.checkIns ?? []), change.checkIn] };
  } else {
    if (versionOf(base, id) !== change.ifVersion) return { ok: false, reason: "key_result_changed" };
    const { checkIns: _ignored, ...fields } = change.keyResult;
    changed = found.checkIns === undefined ? fields : { ...fields, checkIns: found.checkIns };
    if (sameJson(changed, found)) return base;
  }
  return withKeyResult(base, index, changed, revision);
}

/** `base` with the key result at `index` replaced by `kr`, at version and revision `revision`. */
export function withKeyResult<R extends Revision>(
  base: StoredCascade<R>,
  index: number,
  kr: KeyResult,
  revision: R,
): StoredCascade<R> {
  const keyResults = [...base.doc.keyResults];
  keyResults[index] = kr;
  const versions = new Map(base.versions);
  versions.set(kr.id, revision);
  return { doc: { ...base.doc, keyResults }, revision, versions };
}

/** `base` with each check-in appended to its key result, every key result touched at `revision`. */
function withCheckIns<R extends Revision>(
  base: StoredCascade<R>,
  checkIns: ReadonlyArray<{ readonly keyResultId: string; readonly checkIn: CheckIn }>,
  revision: R,
): StoredCascade<R> | ApplyConflict {
  if (checkIns.length === 0) return base;
  const added = new Map<string, CheckIn[]>();
  for (const { keyResultId, checkIn } of checkIns) {
    const list = added.get(keyResultId);
    if (list === undefined) added.set(keyResultId, [checkIn]);
    else list.push(checkIn);
  }
  const keyResults = [...base.doc.keyResults];
  const versions = new Map(base.versions);
  let found = 0;
  for (let i = 0; i < keyResults.length; i++) {
    const kr = keyResults[i] as KeyResult;
    const more = added.get(kr.id);
    if (more === undefined) continue;
    keyResults[i] = { ...kr, checkIns: [...(kr.checkIns ?? []), ...more] };
    versions.set(kr.id, revision);
    found++;
  }
  if (found < added.size) return { ok: false, reason: "not_found", what: "key result" };
  return { doc: { ...base.doc, keyResults }, revision, versions };
}

/** A key result's version (its ETag): the revision of its last change. */
export function versionOf<R extends Revision>(stored: StoredCascade<R>, keyResultId: string): R {
  return stored.versions.get(keyResultId) ?? stored.revision;
}

/** Whether `applyChange` refused the change. */
export function isConflict<R extends Revision>(
  result: StoredCascade<R> | ApplyConflict,
): result is ApplyConflict {
  return "ok" in result;
}

/**
 * Whether two JSON values are equal as JSON: arrays item by item, objects member by member in any
 * order, a member set to undefined the same as an absent one. Iterative (a stack of pairs), so no
 * value, however deep, can overflow the call stack.
 *
 * @example sameJson({ a: 1, b: [2] }, { b: [2], a: 1 }) // true
 */
export function sameJson(a: unknown, b: unknown): boolean {
  const pairs: unknown[] = [a, b];
  while (pairs.length > 0) {
    const y = pairs.pop();
    const x = pairs.pop();
    if (x === y) continue;
    if (x === null || y === null || typeof x !== "object" || typeof y !== "object") return false;
    if (Array.isArray(x) || Array.isArray(y)) {
      if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) pairs.push(x[i], y[i]);
      continue;
    }
    const xs = x as Record<string, unknown>;
    const ys = y as Record<string, unknown>;
    let members = 0;
    for (const key of Object.keys(xs)) {
      if (xs[key] === undefined) continue;
      if (!Object.hasOwn(ys, key)) return false;
      members++;
      pairs.push(xs[key], ys[key]);
    }
    for (const key of Object.keys(ys)) if (ys[key] !== undefined) members--;
    if (members !== 0) return false;
  }
  return true;
}
