import { describe, expect, it } from "vitest";
import { cascadeDocumentSchema } from "../../schema/document.ts";
import { CascadeDocumentSchema } from "../schemas.ts";
import { callJson, northwind } from "../test/helpers.ts";

/**
 * Every operation's id, by `METHOD path`. They are a generated client's method names: renaming one
 * breaks every client built on the document, so an id once published stays. A new route adds its line.
 */
const OPERATION_IDS: Record<string, string> = {
  "GET /healthz": "getHealth",
  "GET /v1/me": "getMe",
  "POST /v1/workspaces": "createWorkspace",
  "POST /v1/workspaces/{ws}/tokens": "createToken",
  "GET /v1/workspaces/{ws}/tokens": "listTokens",
  "DELETE /v1/workspaces/{ws}/tokens/{tokenId}": "revokeToken",
  "POST /v1/workspaces/{ws}/sessions/revoke": "revokeSessions",
  "POST /v1/workspaces/{ws}/people": "createPerson",
  "GET /v1/workspaces/{ws}/people": "listPeople",
  "GET /v1/workspaces/{ws}/people/{personId}": "getPerson",
  "PATCH /v1/workspaces/{ws}/people/{personId}": "updatePerson",
  "DELETE /v1/workspaces/{ws}/people/{personId}": "removePerson",
  "POST /v1/workspaces/{ws}/people/{personId}/tokens": "createPersonToken",
  "GET /v1/workspaces/{ws}/people/{personId}/tokens": "listPersonTokens",
  "DELETE /v1/workspaces/{ws}/people/{personId}/tokens": "revokePersonTokens",
  "DELETE /v1/workspaces/{ws}/people/{personId}/tokens/{tokenId}": "revokePersonToken",
  "PUT /v1/workspaces/{ws}/cascade": "putCascade",
  "GET /v1/workspaces/{ws}/cascade": "getCascade",
  "GET /v1/workspaces/{ws}/report": "getReport",
  "GET /v1/workspaces/{ws}/agenda": "getAgenda",
  "GET /v1/workspaces/{ws}/imperatives": "listImperatives",
  "GET /v1/workspaces/{ws}/goals": "listGoals",
  "GET /v1/workspaces/{ws}/objectives": "listObjectives",
  "GET /v1/workspaces/{ws}/key-results": "listKeyResults",
  "GET /v1/workspaces/{ws}/alerts": "listAlerts",
  "GET /v1/workspaces/{ws}/check-ins": "listCheckIns",
  "GET /v1/workspaces/{ws}/cycles": "listCycles",
  "GET /v1/workspaces/{ws}/initiatives": "listInitiatives",
  "GET /v1/workspaces/{ws}/health-metrics": "listHealthMetrics",
  "GET /v1/workspaces/{ws}/reallocations": "listReallocations",
  "GET /v1/workspaces/{ws}/cycles/{cycleId}/retro": "getRetrospective",
  "GET /v1/workspaces/{ws}/key-results/{id}": "getKeyResult",
  "PATCH /v1/workspaces/{ws}/key-results/{id}": "updateKeyResult",
  "POST /v1/workspaces/{ws}/key-results/{id}/check-ins": "createCheckIn",
  "PUT /v1/workspaces/{ws}/connections/notion": "putNotionConnection",
  "GET /v1/workspaces/{ws}/connections/notion": "getNotionConnection",
  "DELETE /v1/workspaces/{ws}/connections/notion": "deleteNotionConnection",
  "PUT /v1/workspaces/{ws}/connections/coda": "putCodaConnection",
  "GET /v1/workspaces/{ws}/connections/coda": "getCodaConnection",
  "DELETE /v1/workspaces/{ws}/connections/coda": "deleteCodaConnection",
  "GET /v1/workspaces/{ws}/sources": "listSources",
  "GET /v1/workspaces/{ws}/source-events": "listSourceEvents",
  "POST /v1/workspaces/{ws}/sync": "startSync",
  "GET /v1/workspaces/{ws}/sync-runs": "listSyncRuns",
  "GET /v1/workspaces/{ws}/sync-conflicts": "listSyncConflicts",
  "POST /v1/webhooks/notion/{ws}": "receiveNotionWebhook",
};

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

// biome-ignore lint/suspicious/noExplicitAny: the document is read loosely and asserted on
async function openApiDocument(): Promise<any> {
  const { status, body } = await callJson("/openapi.json", { token: null });
  expect(status).toBe(200);
  return body;
}

describe("the OpenAPI document", () => {
  it("names every operation with its published, unique operationId", async () => {
    const doc = await openApiDocument();
    const ids: Record<string, string | undefined> = {};
    for (const [path, item] of Object.entries<Record<string, { operationId?: string }>>(doc.paths)) {
      for (const method of METHODS) {
        const operation = item[method];
        if (operation) ids[`${method.toUpperCase()} ${path}`] = operation.operationId;
      }
    }
    expect(ids).toEqual(OPERATION_IDS);
    const values = Object.values(ids);
    expect(new Set(values).size).toBe(values.length);
    for (const id of values) expect(id).toMatch(/^[a-z][A-Za-z]*$/);
  });

  it("names its server: the origin it was served from", async () => {
    const doc = await openApiDocument();
    expect(doc.servers).toEqual([{ url: "http://cascade.test", description: "This worker" }]);
    expect(doc.info.license.name).toBe("MIT");
  });

  it("documents a key result's source as an object open to more fields, with no type-less nullable", async () => {
    const doc = await openApiDocument();
    const schemas = doc.components.schemas;
    const sources = [
      schemas.CascadeDocument.properties.keyResults.items.properties.source,
      schemas.KeyResultItem.properties.source,
      schemas.KeyResultPatch.properties.source,
    ];
    for (const source of sources) {
      expect(source).toMatchObject({ type: "object", required: ["type"], additionalProperties: true });
    }
    expect(sources[2].nullable).toBe(true);
    // No `nullable` anywhere without a `type` beside it (OpenAPI 3.0).
    const typeless: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (value === null || typeof value !== "object") return;
      const record = value as Record<string, unknown>;
      if (record.nullable === true && record.type === undefined) typeless.push(path);
      for (const [key, child] of Object.entries(record)) walk(child, `${path}/${key}`);
    };
    walk(doc, "#");
    expect(typeless).toEqual([]);
  });

  it("documents a key result item's confidence: 0 to 10, always present, null when unknown", async () => {
    const item = (await openApiDocument()).components.schemas.KeyResultItem;
    expect(item.required).toContain("confidence");
    expect(item.properties.confidence).toMatchObject({
      type: "number",
      nullable: true,
      minimum: 0,
      maximum: 10,
    });
  });
});

describe("the documented cascade schema", () => {
  // CascadeDocumentSchema re-declares `keyResults` to document `source`: it must validate as the
  // document's own schema does.
  const cases: Array<[string, (doc: Record<string, unknown> & ReturnType<typeof northwind>) => void]> = [
    ["a valid document", () => {}],
    [
      "a source with its own fields",
      (d) => Object.assign(d.keyResults[0] as object, { source: { type: "coda", doc: "d", row: 3 } }),
    ],
    [
      "an unknown source type",
      (d) => Object.assign(d.keyResults[0] as object, { source: { type: "excel" } }),
    ],
    [
      "a source nested too deep",
      (d) => {
        let deep: Record<string, unknown> = {};
        const source = { type: "manual", deep };
        for (let i = 0; i < 20; i++) deep = deep.next = {};
        Object.assign(d.keyResults[0] as object, { source });
      },
    ],
    ["an unknown key-result field", (d) => Object.assign(d.keyResults[1] as object, { colour: "red" })],
    ["a key result without a title", (d) => delete (d.keyResults[2] as { title?: string }).title],
    ["a check-in with a bad date", (d) => d.keyResults[0]?.checkIns?.push({ date: "2026-02-30" })],
    ["key results that are not a list", (d) => Object.assign(d, { keyResults: {} })],
    ["an unknown top-level field", (d) => Object.assign(d, { extra: 1 })],
  ];
  it.each(cases)("validates %s as the document's schema does", (_, change) => {
    const doc = northwind() as ReturnType<typeof northwind> & Record<string, unknown>;
    change(doc);
    const documented = CascadeDocumentSchema.safeParse(doc);
    const original = cascadeDocumentSchema.safeParse(doc);
    expect(documented.success).toBe(original.success);
    expect(documented.error?.issues).toEqual(original.error?.issues);
    expect(documented.data).toEqual(original.data);
  });
});
