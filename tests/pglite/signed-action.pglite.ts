import { expect, test } from "vitest";
import { formOf, signedInBrowser } from "../integration/support/request-context";
import { makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "../integration/support/factories";
import { prisma } from "@/lib/db/client";
import { markEnteredInErrorAction } from "@/lib/actions/mark-entered-in-error";

// A signature is checked in its own transaction before the action's (lib/auth/signature.ts verifySignature), and the
// session's first signature is marked inside the action's. PGlite has one connection, held by a transaction until it
// ends: nothing may read outside the open transaction, or the action never finishes.
test("on embedded PGlite a signed action completes: a wrong password is refused and counted, the right one signs", async () => {
  expect(process.env.DATABASE_URL ?? "", "this check runs on PGlite only").toBe("");
  const unit = await makeUnit();
  const nurse = await makeUser("nurse", [unit.id]);
  const attending = await makeUser("attending", [unit.id]);
  const course = await makeCourse((await makePatient(unit.id)).id, { orderedById: attending.id, verifiedById: attending.id, anchorHoursFromNow: -30 });
  const dose = await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 2 });
  await signedInBrowser(attending, { firstSignature: "due" });
  const mark = (password: string) =>
    markEnteredInErrorAction(null, formOf({ entityType: "DoseEvent", entityId: dose.id, reason: "Documented on the wrong patient", password, signatureUserId: attending.email }));

  const t0 = Date.now();
  const wrong = await mark("not my password");
  expect(wrong).toMatchObject({ ok: false, code: "UNAUTHENTICATED", fieldErrors: { password: ["User id or password incorrect: not signed. Enter your own user id (e-mail) and password to sign."] } });
  expect((await prisma.doseEvent.findUniqueOrThrow({ where: { id: dose.id } })).status).toBe("active");
  expect((await prisma.user.findUniqueOrThrow({ where: { id: attending.id } })).failedSignInCount).toBe(1);

  const right = await mark("correct horse battery");
  expect(right).toEqual({ ok: true, data: { id: dose.id } });
  expect((await prisma.doseEvent.findUniqueOrThrow({ where: { id: dose.id } })).status).toBe("entered_in_error");
  expect((await prisma.user.findUniqueOrThrow({ where: { id: attending.id } })).failedSignInCount).toBe(0);
  expect((await prisma.session.findFirstOrThrow({ where: { userId: attending.id } })).firstSignedAt).not.toBeNull();
  console.log(`pglite signed action: wrong password refused and counted, right password signed, in ${Date.now() - t0} ms`);
});
