/** The one pipeline's criteria (DOMAIN §7) as formulas: cost of delay and WSJF priority, from the core. */
import * as coda from "@codahq/packs-sdk";
import { costOfDelay, wsjf } from "../../../core/execution/wsjf.ts";
import { nonNegative, positive } from "./checks.ts";

const pure = { connectionRequirement: coda.ConnectionRequirement.None } as const;

const criteria = [
  coda.makeParameter({ type: coda.ParameterType.Number, name: "value", description: "Business value (≥ 0)" }),
  coda.makeParameter({
    type: coda.ParameterType.Number,
    name: "timeCriticality",
    description: "How much waiting costs (≥ 0)",
  }),
  coda.makeParameter({
    type: coda.ParameterType.Number,
    name: "riskReduction",
    description: "Risk reduced or opportunity enabled (≥ 0)",
  }),
] as const;

function criteriaOf(value: number, timeCriticality: number, riskReduction: number) {
  return {
    value: nonNegative(value, "value"),
    timeCriticality: nonNegative(timeCriticality, "timeCriticality"),
    riskReduction: nonNegative(riskReduction, "riskReduction"),
  };
}

export const CostOfDelay = coda.makeFormula({
  ...pure,
  name: "CostOfDelay",
  description: "Cost of delay of an initiative: value + time criticality + risk reduction.",
  parameters: [...criteria],
  resultType: coda.ValueType.Number,
  examples: [{ params: [8, 5, 2], result: 15 }],
  execute: ([value, timeCriticality, riskReduction]) =>
    costOfDelay(criteriaOf(value, timeCriticality, riskReduction)),
});

export const PipelinePriority = coda.makeFormula({
  ...pure,
  name: "PipelinePriority",
  description:
    "WSJF priority of an initiative in the one pipeline: cost of delay ÷ size. Every type of work (business, technical, tech debt...) is ranked by it; sort by it, highest first.",
  parameters: [
    ...criteria,
    coda.makeParameter({
      type: coda.ParameterType.Number,
      name: "size",
      description: "Size of the work (> 0)",
    }),
  ],
  resultType: coda.ValueType.Number,
  examples: [{ params: [8, 5, 2, 5], result: 3 }],
  execute: ([value, timeCriticality, riskReduction, size]) =>
    wsjf({ ...criteriaOf(value, timeCriticality, riskReduction), size: positive(size, "size") }),
});

export const pipelineFormulas = [CostOfDelay, PipelinePriority];
