import { readFileSync } from "node:fs";
import { expect } from "@playwright/test";
import { prisma } from "@/lib/db/client";
import { formatClock } from "@/lib/format";
import { AUDIT_CSV_HEADER } from "@/lib/views/audit";
import { demoUnit, test, tilCourseAfterDose1 } from "./fixtures";
import { expectAccessible, screenshot, signIn } from "./support";

// Issue 10, item 7: the audit log in the unit's time with the patient named, filtered and exported; source keys
// open their full citation on the sources page.

/** A TIL course whose dose 1 was given 8 h ago and whose newest assessment (10 min ago) has low urine output: a hold. */
async function courseWithLowUrine(familyName: string) {
  const made = await tilCourseAfterDose1({ familyName, givenHoursAgo: 8 });
  const nurse = await prisma.user.findUniqueOrThrow({ where: { email: "nurse@bolus.demo" } });
  const takenAt = new Date(Date.now() - 10 * 60_000);
  const drawn = new Date(takenAt.getTime() - 40 * 60_000).toISOString();
  await prisma.assessment.create({
    data: {
      courseId: made.course.id, takenAt, labsAt: new Date(drawn), recordedById: nurse.id, recordedAt: takenAt,
      // 200 mL over 8 h at 80 kg = 0.31 mL/kg/h: under 0.5 (BW) → hold
      sbpMmHg: 112, heartRateBpm: 96, rhythm: "sinus", spo2Pct: 97, oxygenDevice: "room-air", oxygenLpm: 0, urineOutputMl: 200, urineOutputHours: 8,
      weightKg: 80.5, mentalStatus: "normal", phenylephrineMcgKgMin: 0, phenylephrinePeakMcgKgMin: 0, otherVasopressor: false, fluidRefractoryHypotension: false,
      creatinineMgDl: 1.0, plateletsPerUl: 142_000, bilirubinMgDl: 0.7, bicarbonateMmolL: 24, temperatureC: 37.8, infection: "none", giBleeding: "none", permanentEvents: [],
      observedAt: { creatinineMgDl: drawn, plateletsPerUl: drawn, bilirubinMgDl: drawn, bicarbonateMmolL: drawn },
    },
  });
  return made;
}

test("the administrator filters the audit log by a patient, reads unit times with the patient named, and downloads the CSV", async ({ page }) => {
  test.setTimeout(60_000);
  const { course, patient, patientName } = await courseWithLowUrine("Audited");
  // the audit row the dose-1 recording left (the fixture writes the clinical rows directly, so it writes this one too)
  const dose1 = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: course.id, sequence: 1 } });
  const nurse = await prisma.user.findUniqueOrThrow({ where: { email: "nurse@bolus.demo" } });
  await prisma.auditEvent.create({
    data: { actorId: nurse.id, actorLabel: nurse.email, action: "dose-record", entityType: "DoseEvent", entityId: dose1.id, outcome: "success", at: dose1.recordedAt, details: { kind: "given" } },
  });
  const unit = await demoUnit();

  await signIn(page, "admin");
  await expect(page.getByRole("heading", { level: 2, name: "Audit log" })).toBeVisible();
  const filter = page.getByRole("form", { name: "Filter the audit log" });
  await filter.getByLabel("Patient (MRN or name)").fill(patient.mrn);
  await filter.getByLabel("Action").selectOption({ label: "Dose recorded" });
  await filter.getByRole("button", { name: "Show" }).click();
  // a plain GET form: the filters are in the address (empty fields too), so the view can be bookmarked and works without JavaScript
  await expect(page).toHaveURL(new RegExp(`/admin\\?patient=${patient.mrn}&user=&action=dose-record&from=&to=$`));

  const table = page.getByRole("table", { name: /Audit log, newest first/ });
  const rows = table.getByRole("row");
  await expect(rows).toHaveCount(2); // the header and the one row
  const row = rows.nth(1);
  await expect(row).toContainText(`${patientName} · MRN ${patient.mrn}`);
  await expect(row).toContainText("Dose recorded");
  await expect(row).toContainText("dose event #1");
  await expect(row).toContainText(formatClock(dose1.recordedAt, unit.timeZone, new Date()));
  // words, never the stored keys or raw ISO times
  await expect(table).not.toContainText("DoseEvent");
  await expect(table).not.toContainText("dose-record");
  await expect(table).not.toContainText(dose1.recordedAt.toISOString().slice(0, 16));
  await screenshot(page, "audit-log");
  await expectAccessible(page);

  const [download] = await Promise.all([page.waitForEvent("download"), filter.getByRole("link", { name: /Download CSV/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = readFileSync(await download.path(), "utf8").split("\r\n").filter(Boolean);
  expect(lines[0]).toBe(AUDIT_CSV_HEADER.join(","));
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`,Dose recorded,dose event #1,"${patientName}",${patient.mrn},${unit.name},done,`);
  expect(lines[1]).toContain(`,${unit.timeZone},${dose1.recordedAt.toISOString()},`);

  // the export itself is in the log
  await page.goto("/admin?action=audit-export");
  await expect(page.getByRole("table", { name: /Audit log, newest first/ }).getByRole("row").nth(1)).toContainText("Audit log exported");
});

test("a finding's source link opens its full citation on the sources page, reachable from every role's navigation", async ({ page }) => {
  test.setTimeout(60_000);
  const { course } = await courseWithLowUrine("Sourced");
  await signIn(page, "nurse");
  await page.goto(`/courses/${course.id}`);
  const findings = page.getByRole("table", { name: "Criteria that fired" }).first();
  await expect(findings).toContainText("Urine output");
  const source = findings.getByRole("link", { name: /^BW: Betof Warner et al\., TIL cell therapy expert consensus/ }).first();
  await expect(source).toHaveText("BW");
  await source.click();
  await expect(page).toHaveURL(/\/sources#BW$/);
  const entry = page.locator("#BW");
  await expect(entry.getByRole("heading", { level: 2 })).toHaveText(/^BW — Betof Warner et al\./);
  await expect(entry).toContainText("doi:10.1136/jitc-2023-008735");
  await expect(entry).toContainText("Used for:");
  await expectAccessible(page);

  for (const role of ["attending", "pharmacist", "admin"] as const) {
    await signIn(page, role);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sources" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Sources" })).toBeVisible();
    await expect(page.locator("#SPR")).toContainText("SpringerPlus 2015");
  }
});

test("a nurse has no audit log: sent home, and the CSV export answers 403", async ({ page }) => {
  await signIn(page, "nurse");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Administration" })).toHaveCount(0);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/board\?denied=1$/);
  const res = await page.request.get("/admin/audit/export");
  expect(res.status()).toBe(403);
  // and the administrator does see the link and the page
  await signIn(page, "admin");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Administration" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Audit log" })).toBeVisible();
});
