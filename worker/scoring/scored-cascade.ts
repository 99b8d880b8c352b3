/**
 * A workspace's stored cascade scored by the core on one `asOf`, with lookups by id. The API's lists,
 * the report and the dashboard all read through here, so every surface shows the numbers of one scorer.
 */
import type { KeyResultScore, ObjectiveScore, ScoreReport } from "../../core/model/report.ts";
import { scoreCascade } from "../../core/report.ts";
import type { StoredCascade } from "../../store/port.ts";
import { releaseObjects } from "../db/store/d1-store.ts";
import { reportJson, utf8 } from "./report-json.ts";

/**
 * A stored cascade with its report on one `asOf`, as objects, as JSON, or both. Each form is built
 * from the other on first use, and so are the lookups by id that the lists and the dashboard read: the
 * report endpoint needs only the JSON, and a cached entry the collector does not have to walk costs
 * nothing after the request that made it (see `release`).
 */
export class ScoredCascade {
  #report: ScoreReport | undefined;
  #body: Uint8Array<ArrayBuffer> | undefined;
  #keyResults: Map<string, KeyResultScore> | undefined;
  #objectives: Map<string, ObjectiveScore> | undefined;
  #goals: Map<string, number | null> | undefined;
  #imperatives: Map<string, number | null> | undefined;

  constructor(
    readonly stored: StoredCascade,
    report: ScoreReport,
  ) {
    this.#report = report;
  }

  get report(): ScoreReport {
    this.#report ??= JSON.parse(new TextDecoder().decode(this.body)) as ScoreReport;
    return this.#report;
  }

  /** The report as the endpoint sends it, JSON in UTF-8, serialized once. */
  get body(): Uint8Array<ArrayBuffer> {
    this.#body ??= utf8(reportJson(this.report));
    return this.#body;
  }

  get keyResults(): ReadonlyMap<string, KeyResultScore> {
    this.#keyResults ??= new Map(this.report.keyResults.map((k) => [k.id, k]));
    return this.#keyResults;
  }

  get objectives(): ReadonlyMap<string, ObjectiveScore> {
    this.#objectives ??= new Map(this.report.objectives.map((o) => [o.id, o]));
    return this.#objectives;
  }

  get goals(): ReadonlyMap<string, number | null> {
    this.#goals ??= new Map(this.report.goals.map((g) => [g.id, g.score]));
    return this.#goals;
  }

  get imperatives(): ReadonlyMap<string, number | null> {
    this.#imperatives ??= new Map(this.report.imperatives.map((i) => [i.id, i.score]));
    return this.#imperatives;
  }

  /**
   * Keeps the report as JSON only and lets the stored cascade drop its document's objects when it can
   * build them again (`releaseObjects`). Whoever reads them later rebuilds them: the report from its
   * JSON, the document from the snapshot's gzip data (what each costs: docs/performance.md).
   */
  release(): void {
    this.#body = this.body;
    this.#report = undefined;
    this.#keyResults = this.#objectives = this.#goals = this.#imperatives = undefined;
    releaseObjects(this.stored);
  }
}

/** The cascade scored on `asOf` by the core. */
export function scoreStored(stored: StoredCascade, asOf: string): ScoredCascade {
  return new ScoredCascade(stored, scoreCascade(stored.doc, asOf));
}
