import * as clock from "@/lib/clock";
import type { Metadata } from "next";
import Link from "next/link";
import { Fragment } from "react";
import { requirePageSession } from "@/lib/auth/guards";
import { can } from "@/lib/auth/permissions";
import { listAllUnits, listPatients, listUnitsIn } from "@/lib/db/queries/patients";
import { unitClocks } from "@/lib/db/queries/admin";
import { formatClock } from "@/lib/format";
import { birthDateText, dischargeInErrorWords, genderLabel } from "@/lib/domain/admission";
import { PageHeader } from "@/components/ui/page-header";
import { AdmitPatientForm } from "@/components/patients/admit-patient-form";
import { DischargeInErrorForm, DischargePatientForm, MovementNotice, TransferPatientForm } from "@/components/patients/move-patient-forms";

export const metadata: Metadata = { title: "Patients" };

/** The patients of the user's units: admitted and discharged (the record stays). Admission, transfer and discharge per decision 049. */
export default async function PatientsPage() {
  const { user } = await requirePageSession("patient:view");
  const now = clock.now();
  const mayAdmit = can(user.role, "patient:admit");
  const mayTransfer = can(user.role, "patient:transfer");
  const mayDischarge = can(user.role, "patient:discharge");
  const seesCourses = can(user.role, "course:view");
  const [patients, ownUnits, allUnits, clocks] = await Promise.all([
    listPatients(user.unitIds), mayAdmit ? listUnitsIn(user.unitIds) : [], mayTransfer ? listAllUnits() : [], unitClocks(user.unitIds),
  ]);
  const ownWords = clocks.map((u) => `${u.name} (times in ${u.timeZone})`).join(", ");
  return (
    <>
      <PageHeader title="Patients" />
      <MovementNotice />
      {user.unitIds.length > 0 ? (
        <p className="mb-4 max-w-3xl text-slate-800">
          The patients of your unit{clocks.length === 1 ? "" : "s"}: {ownWords}. Admitted patients first; a discharged patient stays on record.
          {mayAdmit || mayTransfer ? "" : " Attending physicians and administrators admit, transfer and discharge."}
        </p>
      ) : null}
      {patients.length === 0 ? (
        <p className="mb-6">
          {user.unitIds.length === 0
            ? user.role === "admin"
              ? "You are not assigned to a unit yet. Assign yourself on the People page (Change your own units), or create a unit: its creator is assigned to it."
              : "You are not assigned to a unit: an administrator assigns units."
            : "No patients on your units yet."}
        </p>
      ) : (
        <table className="mb-8 w-full border-collapse text-left">
          <caption className="sr-only">Patients of your units, admitted first</caption>
          <thead>
            <tr className="border-b border-slate-400">
              <th scope="col" className="py-2 pr-3">Patient</th>
              <th scope="col" className="py-2 pr-3">MRN</th>
              <th scope="col" className="py-2 pr-3">Unit</th>
              <th scope="col" className="py-2 pr-3">IL-2 course</th>
              <th scope="col" className="py-2 pr-3">Stay</th>
            </tr>
          </thead>
          <tbody>
            {patients.map((p) => {
              const course = p.openCourse ? (p.openCourse.status === "ordered" ? "Ordered, waiting for the pharmacist" : "Active") : "None open";
              const editable = !p.dischargedAt && (mayTransfer || mayDischarge);
              // a discharge recorded in error is corrected by those who discharge (decision 056)
              const correctable = Boolean(p.dischargedAt) && mayDischarge;
              return (
                <Fragment key={p.id}>
                  <tr className={`align-top ${editable || correctable ? "" : "border-b border-slate-200"}`}>
                    <th scope="row" className="py-2 pr-3 font-semibold">
                      {p.name}
                      <span className="block text-sm font-normal text-slate-700">
                        born {birthDateText(p.birthDate)} · {genderLabel(p.gender)}
                      </span>
                    </th>
                    <td className="whitespace-nowrap py-2 pr-3">{p.mrn}</td>
                    <td className="py-2 pr-3">{p.unit.name}</td>
                    <td className="py-2 pr-3">
                      {p.openCourse && seesCourses ? (
                        <Link href={`/courses/${p.openCourse.id}`} className="text-blue-900 underline">
                          {course}
                          <span className="sr-only">: the IL-2 course of {p.name}</span>
                        </Link>
                      ) : (
                        course
                      )}
                      {!p.openCourse && !p.dischargedAt && can(user.role, "course:order") ? (
                        <Link href={`/courses/new?patientId=${p.id}`} className="block text-sm text-blue-900 underline">
                          Order an IL-2 course for {p.name}
                        </Link>
                      ) : null}
                    </td>
                    <td className="py-2 pr-3">
                      {p.dischargedAt ? `Discharged ${formatClock(p.dischargedAt, p.unit.timeZone, now)}` : `Admitted ${formatClock(p.admittedAt, p.unit.timeZone, now)}`}
                      {p.dischargeCorrection ? (
                        <span className="block text-sm text-amber-900" data-testid="discharge-in-error">
                          {dischargeInErrorWords({
                            dischargedAt: formatClock(p.dischargeCorrection.dischargedAt, p.unit.timeZone, now),
                            at: formatClock(p.dischargeCorrection.at, p.unit.timeZone, now),
                            byName: p.dischargeCorrection.byName,
                            reason: p.dischargeCorrection.reason,
                          })}
                        </span>
                      ) : null}
                    </td>
                  </tr>
                  {editable ? (
                    // the forms take the table's whole width (a cell of the name column is too narrow at tablet width)
                    <tr className="border-b border-slate-200">
                      <td colSpan={5} className="pb-3 pr-3">
                        <details>
                          <summary className="inline-flex min-h-11 cursor-pointer items-center text-blue-800 underline">Transfer or discharge {p.name}</summary>
                          <div className="mt-2 grid gap-6 rounded-md border border-slate-300 bg-white p-4 md:grid-cols-2">
                            {mayTransfer ? <TransferPatientForm patient={{ id: p.id, name: p.name, unitId: p.unit.id, hasOpenCourse: Boolean(p.openCourse) }} units={allUnits} ownUnitIds={user.unitIds} /> : null}
                            {mayDischarge ? <DischargePatientForm patient={{ id: p.id, name: p.name, mrn: p.mrn, hasOpenCourse: Boolean(p.openCourse) }} /> : null}
                          </div>
                        </details>
                      </td>
                    </tr>
                  ) : null}
                  {correctable ? (
                    <tr className="border-b border-slate-200">
                      <td colSpan={5} className="pb-3 pr-3">
                        <details>
                          <summary className="inline-flex min-h-11 cursor-pointer items-center text-blue-800 underline">Discharged {p.name} in error?</summary>
                          <div className="mt-2 max-w-2xl rounded-md border border-slate-300 bg-white p-4">
                            <DischargeInErrorForm patient={{ id: p.id, name: p.name, mrn: p.mrn, dischargedAt: `discharged ${formatClock(p.dischargedAt!, p.unit.timeZone, now)}` }} />
                          </div>
                        </details>
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
      {mayAdmit && ownUnits.length > 0 ? (
        <section aria-labelledby="admit-heading" className="rounded-lg border border-slate-300 bg-white p-4">
          <h2 id="admit-heading" className="mb-3 text-lg font-bold">
            Admit a patient
          </h2>
          <AdmitPatientForm units={ownUnits} canOrder={can(user.role, "course:order")} />
        </section>
      ) : null}
    </>
  );
}
