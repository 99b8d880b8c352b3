/**
 * The worker's response shapes, inferred from its own zod schemas (worker/schemas.ts): if the API
 * changes a field, the pack stops compiling instead of syncing blanks. Type-only: nothing of the
 * worker is bundled.
 */
import type { z } from "@hono/zod-openapi";
import type {
  AgendaSchema,
  AlertItem,
  CheckInCreatedSchema,
  CheckInItem,
  CycleItem,
  ErrorSchema,
  GoalItem,
  HealthMetricItem,
  ImperativeItem,
  InitiativeItem,
  KeyResultItem,
  MeSchema,
  NewCheckInBody,
  ObjectiveItem,
  ReallocationItem,
  RetrospectiveSchema,
} from "../../worker/schemas.ts";

export type Me = z.output<typeof MeSchema>;
export type ImperativeRow = z.output<typeof ImperativeItem>;
export type GoalRow = z.output<typeof GoalItem>;
export type ObjectiveRow = z.output<typeof ObjectiveItem>;
export type KeyResultRow = z.output<typeof KeyResultItem>;
export type CheckInRow = z.output<typeof CheckInItem>;
export type AlertRow = z.output<typeof AlertItem>;
export type CheckInCreated = z.output<typeof CheckInCreatedSchema>;
export type NewCheckIn = z.input<typeof NewCheckInBody>;
export type Agenda = z.output<typeof AgendaSchema>;
export type AgendaItem = Agenda["items"][number];
export type CycleRow = z.output<typeof CycleItem>;
export type InitiativeRow = z.output<typeof InitiativeItem>;
export type HealthMetricRow = z.output<typeof HealthMetricItem>;
export type ReallocationRow = z.output<typeof ReallocationItem>;
export type Retrospective = z.output<typeof RetrospectiveSchema>;

/** A paged list (worker/pagination.ts). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The error envelope of every non-2xx answer; its code is one of worker/error-codes.ts. */
export type ErrorEnvelope = z.output<typeof ErrorSchema>;
