/**
 * The cascade document's types. They are inferred from the zod schemas in `schema/` (type-only import:
 * `core/` never loads zod at run time), so the boundary and the core can never disagree.
 */
export type {
  CascadeDocument,
  CheckIn,
  Cycle,
  Dependency,
  Goal,
  HealthArea,
  HealthMetric,
  Imperative,
  Initiative,
  InitiativeType,
  KeyResult,
  KeyResultKind,
  Milestone,
  Objective,
  Reallocation,
  Settings,
  Team,
  TradeOff,
} from "../../schema/document.ts";
