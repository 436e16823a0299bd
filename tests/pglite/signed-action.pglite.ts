import { expect, test } from "vitest";
import { formOf, signedInBrowser } from "../integration/support/request-context";
import { makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "../integration/support/factories";
import { prisma } from "@/lib/db/client";
import { markEnteredInErrorAction } from "@/lib/actions/mark-entered-in-error";

// signAs runs inside the action's interactive transaction. PGlite has one connection, held by that transaction
// until it ends: every read of the signature must go through the transaction, or the action never finishes.
test("on embedded PGlite a signed action completes: a wrong password is refused and counted, the right one signs", async () => {
  expect(process.env.DATABASE_URL ?? "", "this check runs on PGlite only").toBe("");
  const unit = await makeUnit();
  const nurse = await makeUser("nurse", [unit.id]);
  const attending = await makeUser("attending", [unit.id]);
  const course = await makeCourse((await makePatient(unit.id)).id, { orderedById: attending.id, verifiedById: attending.id, anchorHoursFromNow: -30 });
  const dose = await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 2 });
  await signedInBrowser(attending);
  const mark = (password: string) => markEnteredInErrorAction(null, formOf({ entityType: "DoseEvent", entityId: dose.id, reason: "Documented on the wrong patient", password }));

  const t0 = Date.now();
  const wrong = await mark("not my password");
  expect(wrong).toMatchObject({ ok: false, code: "UNAUTHENTICATED", fieldErrors: { password: ["Password incorrect: not signed. Re-enter your own password to sign."] } });
  expect((await prisma.doseEvent.findUniqueOrThrow({ where: { id: dose.id } })).status).toBe("active");
  expect((await prisma.user.findUniqueOrThrow({ where: { id: attending.id } })).failedSignInCount).toBe(1);

  const right = await mark("correct horse battery");
  expect(right).toEqual({ ok: true, data: { id: dose.id } });
  expect((await prisma.doseEvent.findUniqueOrThrow({ where: { id: dose.id } })).status).toBe("entered_in_error");
  expect((await prisma.user.findUniqueOrThrow({ where: { id: attending.id } })).failedSignInCount).toBe(0);
  console.log(`pglite signed action: wrong password refused and counted, right password signed, in ${Date.now() - t0} ms`);
});
