// What the cycle-2 go-ahead card reads: plain shapes, no Prisma types (lib/db/queries/reviews.ts builds them).
export interface Cycle2QueueItem {
  course: { id: string; ruleSetId: string; ruleSetVersion: string; startAt: Date | null };
  patient: { familyName: string; givenName: string; mrn: string; unit: { name: string } };
  timeZone: string;
  readiness: { ready: true; cycle1Ended: string; cycle2OpensAt: Date | null; givenInCycle1: number; heldInCycle1: number };
}
