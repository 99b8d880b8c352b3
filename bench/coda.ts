/**
 * The Coda pull's requests against their lower bound, through the real client and the Coda fake:
 * 1,000 key results bound to cells of 20 tables of 250 rows (half by row id, half by a column's
 * value). A first run lists each table's columns and reads its rows in full; a run with nothing
 * changed makes one incremental read per table (the lower bound) and records nothing; a run after 10
 * cells changed makes the same reads and records 10 check-ins. Then the time to pull and plan a quiet
 * run of those 1,000 bindings, against JSON.parse of the cascade (the baseline, in the same run).
 */
import { CodaApi, isCodaError } from "../integrations/coda/coda-api.ts";
import { type CodaState, emptyCodaState, pullCoda } from "../integrations/coda/pull.ts";
import type { CodaBinding } from "../integrations/sources/binding.ts";
import { planReconciliation } from "../integrations/sources/reconcile.ts";
import type { CascadeDocument } from "../schema/document.ts";
import { startCodaFake } from "../tests/fakes/coda/server.ts";

const TABLES = 20;
const ROWS = 250;
const BOUND_PER_TABLE = 50;
const DAY = "2026-11-24";

export async function runCodaBench(): Promise<void> {
  const fake = await startCodaFake();
  const docId = fake.addDoc("Metrics");
  const bindings: Array<{ keyResultId: string; binding: CodaBinding }> = [];
  const cells: Array<{ tableId: string; rowId: string }> = [];
  for (let t = 0; t < TABLES; t++) {
    const { tableId } = fake.addTable(docId, `Table ${t}`, ["Metric", "Value"]);
    for (let r = 0; r < ROWS; r++) {
      const rowId = fake.addRow(docId, tableId, { Metric: `m-${t}-${r}`, Value: r });
      if (r >= BOUND_PER_TABLE) continue;
      cells.push({ tableId, rowId });
      const row = r % 2 === 0 ? { id: rowId } : { column: "Metric", value: `m-${t}-${r}` };
      bindings.push({
        keyResultId: `kr-${t}-${r}`,
        binding: { type: "coda", docId, tableId, column: "Value", row },
      });
    }
  }
  const doc: CascadeDocument = {
    version: 1,
    organization: "Bench",
    cycles: [{ id: "q", start: "2026-10-01", end: "2026-12-31" }],
    imperatives: [{ id: "imp", title: "I" }],
    goals: [{ id: "goal", title: "G", imperativeId: "imp", year: 2026 }],
    objectives: [{ id: "obj", title: "O", cycleId: "q", goalId: "goal" }],
    keyResults: bindings.map(({ keyResultId, binding }) => ({
      id: keyResultId,
      objectiveId: "obj",
      title: keyResultId,
      kind: "increase",
      start: 0,
      target: 1000,
      source: binding as unknown as { type: "coda" },
    })),
  };
  const state: CodaState = emptyCodaState();
  const run = async () => {
    const api = new CodaApi({ token: fake.token, baseUrl: fake.baseUrl });
    const t0 = performance.now();
    const pull = await pullCoda({
      reader: api,
      bindings,
      state,
      now: new Date(),
      isTableFailure: (e) => (isCodaError(e) && e.code === "not_found" ? { message: e.message } : null),
    });
    const plan = planReconciliation(doc, pull.values, DAY);
    const ms = performance.now() - t0;
    // What the worker would write: the cascade as it stands after the plan.
    for (const { keyResultId, checkIn } of plan.checkIns) {
      const kr = doc.keyResults.find((k) => k.id === keyResultId);
      if (kr) kr.checkIns = [...(kr.checkIns ?? []), checkIn];
    }
    return { reads: api.counts.reads, recorded: plan.checkIns.length, problems: pull.problems.length, ms };
  };
  const first = await run();
  const quiet = await run();
  for (const cell of cells.slice(0, 10)) fake.setCell(docId, cell.tableId, cell.rowId, "Value", 999);
  const changed = await run();
  const pages = Math.ceil(ROWS / 200);
  console.log(
    `\nCoda pull: ${bindings.length} key results bound to cells of ${TABLES} tables × ${ROWS} rows\n`,
  );
  console.log("| run | requests | lower bound | ratio | check-ins recorded | problems |");
  console.log("|---|---:|---:|---:|---:|---:|");
  const line = (name: string, r: typeof first, bound: number) =>
    console.log(
      `| ${name} | ${r.reads} | ${bound} | ${(r.reads / bound).toFixed(2)}× | ${r.recorded} | ${r.problems} |`,
    );
  line("first (columns + full read)", first, TABLES * (1 + pages));
  line("nothing changed", quiet, TABLES);
  line("10 cells changed", changed, TABLES);

  // CPU of a quiet run's pull and plan (requests answered locally) against JSON.parse of the cascade.
  const text = JSON.stringify(doc);
  const parseSamples: number[] = [];
  const runSamples: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    JSON.parse(text);
    parseSamples.push(performance.now() - t0);
    runSamples.push((await run()).ms);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  console.log(
    `\nQuiet run, pull + plan: ${median(runSamples).toFixed(1)} ms (with ${TABLES} local HTTP reads) vs JSON.parse of the cascade ${median(parseSamples).toFixed(2)} ms`,
  );
  await fake.close();
}
