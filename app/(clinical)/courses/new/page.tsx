import * as clock from "@/lib/clock";
import type { Metadata } from "next";
import { requirePageSession } from "@/lib/auth/guards";
import { listPatientsWithoutOpenCourse } from "@/lib/db/queries/courses";
import { toUnitLocalInput } from "@/lib/time";
import { PageHeader } from "@/components/ui/page-header";
import { OrderCourseForm } from "@/components/course/order-course-form";
import { ruleSetForNewCourse } from "@/lib/domain/course-order";

export const metadata: Metadata = { title: "Order a course" };

export default async function NewCoursePage({ searchParams }: { searchParams: Promise<{ patientId?: string | string[] }> }) {
  const { user } = await requirePageSession("course:order");
  const { patientId } = await searchParams;
  const patients = await listPatientsWithoutOpenCourse(user.unitIds);
  // ?patientId= (from the board or the patients list) chooses the patient, when the order form offers them
  const chosen = patients.find((p) => p.id === patientId);
  const timeZone = (chosen ?? patients[0])?.unit.timeZone ?? "UTC";
  return (
    <>
      <PageHeader title="Order an IL-2 course" />
      <p className="mb-4 max-w-2xl text-slate-700">
        A new course follows the latest rule-set version for its protocol:{" "}
        {(["til-adjunct", "monotherapy"] as const).map((p, i) => {
          const rs = ruleSetForNewCourse(p);
          return `${i ? "; " : ""}${rs.id} version ${rs.version}`;
        })}
        .
      </p>
      {patients.length === 0 ? (
        <p>Every patient on your units already has an open IL-2 course.</p>
      ) : (
        <OrderCourseForm
          patients={patients.map((p) => ({ id: p.id, label: `${p.familyName}, ${p.givenName} — MRN ${p.mrn}` }))}
          defaultAnchor={toUnitLocalInput(clock.now(), timeZone)}
          timeZone={timeZone}
          patientId={chosen?.id}
        />
      )}
    </>
  );
}
