import "server-only";
import { prisma } from "@/lib/db/client";

/** Admitted (not discharged) patients on the given units who have no ordered or active IL-2 course, for the order form. */
export async function listPatientsWithoutOpenCourse(unitIds: string[]) {
  return prisma.patient.findMany({
    where: { unitId: { in: unitIds }, dischargedAt: null, courses: { none: { status: { in: ["ordered", "active"] } } } },
    include: { unit: true },
    orderBy: [{ familyName: "asc" }, { givenName: "asc" }],
  });
}

