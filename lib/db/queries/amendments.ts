import "server-only";
import { prisma } from "@/lib/db/client";
import { AMENDABLE_FIELDS, type AmendableField, type CourseAmendmentChange, type CourseAmendmentKind, type CourseAmendmentView } from "@/lib/views/course-amendment";

const asText = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** `{ field: { before, after } }` as stored, read defensively: unknown fields and shapes are left out, never guessed. */
function changesOf(json: unknown): CourseAmendmentChange[] {
  if (!json || typeof json !== "object" || Array.isArray(json)) return [];
  const stored = json as Record<string, unknown>;
  const out: CourseAmendmentChange[] = [];
  for (const field of AMENDABLE_FIELDS) {
    const c = stored[field];
    if (!c || typeof c !== "object" || Array.isArray(c)) continue;
    const { before, after } = c as { before?: unknown; after?: unknown };
    out.push({ field: field as AmendableField, before: asText(before), after: asText(after) });
  }
  return out;
}

/**
 * The signed amendments of a course, oldest first. The caller has already checked that the course is in the
 * user's scope (the course page and the count report load the course through a scoped query first).
 */
export async function listCourseAmendments(courseId: string): Promise<CourseAmendmentView[]> {
  const rows = await prisma.courseAmendment.findMany({
    where: { courseId },
    include: { signedBy: { select: { name: true } } },
    orderBy: [{ signedAt: "asc" }, { version: "asc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    kind: (r.kind === "rule-set-version" ? "rule-set-version" : "order") satisfies CourseAmendmentKind,
    changes: changesOf(r.changes),
    reason: r.reason,
    signedById: r.signedById,
    signedByName: r.signedBy.name,
    signatureMeaning: r.signatureMeaning,
    signedAt: r.signedAt.toISOString(),
    sentForVerification: r.sentForVerification,
  }));
}
