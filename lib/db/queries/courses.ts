import { prisma } from "@/lib/db/client";

/** Patients on the given units who have no ordered or active IL-2 course, for the order form. */
export async function listPatientsWithoutOpenCourse(unitIds: string[]) {
  return prisma.patient.findMany({
    where: { unitId: { in: unitIds }, courses: { none: { status: { in: ["ordered", "active"] } } } },
    include: { unit: true },
    orderBy: [{ familyName: "asc" }, { givenName: "asc" }],
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
