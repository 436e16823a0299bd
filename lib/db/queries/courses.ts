import { prisma } from "@/lib/db/client";

/** Courses on the given units that are not closed, with patient and event counts, for the unit board. */
export async function listOpenCoursesForUnits(unitIds: string[]) {
  return prisma.course.findMany({
    where: { status: { not: "closed" }, patient: { unitId: { in: unitIds } } },
    include: {
      patient: { include: { unit: true } },
      doseEvents: { where: { status: "active" }, orderBy: { sequence: "asc" } },
    },
    orderBy: { createdAt: "asc" },
  });
}

/** Held or stopped dose events on the given units that no attending has reviewed yet, oldest first. */
export async function listPendingReviews(unitIds: string[]) {
  return prisma.doseEvent.findMany({
    where: {
      status: "active",
      kind: { in: ["held", "stopped", "discontinued"] },
      holdReviews: { none: {} },
      course: { patient: { unitId: { in: unitIds } } },
    },
    include: { course: { include: { patient: true } } },
    orderBy: { occurredAt: "asc" },
  });
}

/** Courses on the given units whose order waits for a pharmacist's verification. */
export async function listOrdersAwaitingVerification(unitIds: string[]) {
  return prisma.course.findMany({
    where: { status: "ordered", patient: { unitId: { in: unitIds } } },
    include: { patient: true, orderedBy: { select: { name: true } } },
    orderBy: { orderedAt: "asc" },
  });
}
