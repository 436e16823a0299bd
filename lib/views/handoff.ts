// What the handoff pages show (issue 14, item 2): the sheet of one course, built in lib/domain/handoff.ts from the
// rows lib/db/queries/handoff.ts reads. Plain shapes, no Prisma types.
export type { HandoffSheet, HandoffEvent, HandoffFinding, HandoffValue, HandoffWait } from "@/lib/domain/handoff";

/** The unit sheet: the units the user may choose from, the one shown (null: all of theirs), and the sheets. */
export interface UnitHandoffView {
  units: { id: string; name: string; timeZone: string }[];
  chosenUnitId: string | null;
  sheets: import("@/lib/domain/handoff").HandoffSheet[];
}
