// Compile-time proof that the stored rows satisfy lib/domain's record shapes: if a Prisma model changes so that a
// row no longer fits, type-checking fails here rather than in a domain rule.
import type { Assessment, Course, DoseEvent } from "@/lib/generated/prisma/client";
import type { AssessmentRecord, CourseRecord, DoseEventRecord } from "@/lib/domain/records";

type Fits<Row, Shape> = Row extends Shape ? true : never;
export const rowsFitDomainRecords: [Fits<Course, CourseRecord>, Fits<DoseEvent, DoseEventRecord>, Fits<Assessment, AssessmentRecord>] = [true, true, true];
