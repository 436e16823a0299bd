import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { formOf, signedInBrowser } from "./support/request-context";
import { makeCourse, makePatient, makeUnit, makeUser } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { recordAssessmentAction } from "@/lib/actions/record-assessment";
import { GET as health } from "@/app/api/health/route";
import { toUnitLocalInput } from "@/lib/time";

// Issue 5 item 8: PostgreSQL stops in the middle of a run. This test needs to stop and start the server, so it
// runs only against the throwaway server `npm test` starts (scripts/test.mjs passes its binaries and data folder);
// against a server given by DATABASE_URL it is skipped, because stopping someone else's database is not ours to do.
const pg = {
  bin: process.env.BOLUS_TEST_PGBIN,
  data: process.env.BOLUS_TEST_PGDATA,
  port: process.env.BOLUS_TEST_PGPORT,
  socket: process.env.BOLUS_TEST_PGSOCKET,
};
const controllable = Boolean(pg.bin && pg.data && pg.port && pg.socket);

function pgCtl(...args: string[]) {
  const asRoot = process.getuid?.() === 0;
  const cmd = asRoot ? "runuser" : `${pg.bin}/pg_ctl`;
  const full = asRoot ? ["-u", "postgres", "--", `${pg.bin}/pg_ctl`, ...args] : args;
  const r = spawnSync(cmd, full, { encoding: "utf8", timeout: 60_000 });
  if (r.status !== 0) throw new Error(`pg_ctl ${args[0]} failed: ${r.stderr || r.stdout}`);
}
const stop = () => pgCtl("stop", "-D", pg.data!, "-m", "fast", "-w");
const start = () =>
  pgCtl("start", "-D", pg.data!, "-l", `${pg.socket}/server.log`, "-w", "-t", "30", "-o",
    `-h 127.0.0.1 -p ${pg.port} -k ${pg.socket} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`);

describe.skipIf(!controllable)("database outage (skipped unless npm test started the PostgreSQL server itself)", () => {
  test("while PostgreSQL is down, actions answer 'not saved, try again' and health says 503; afterwards the same process recovers", async () => {
    const unit = await makeUnit();
    const nurse = await makeUser("nurse", [unit.id]);
    const attending = await makeUser("attending", [unit.id]);
    const course = await makeCourse((await makePatient(unit.id)).id, { orderedById: attending.id, verifiedById: attending.id });
    await signedInBrowser(nurse);
    const assessment = () => formOf({ courseId: course.id, at: toUnitLocalInput(new Date(), "UTC"), sbpMmHg: "118", heartRateBpm: "90" });
    const before = await prisma.assessment.count({ where: { courseId: course.id } });

    stop();
    try {
      const down = await recordAssessmentAction(null, assessment());
      expect(down).toMatchObject({ ok: false, code: "UNAVAILABLE", message: "Not saved: the database did not answer. Nothing was recorded — try again." });
      expect(down.ok === false && down.values).toMatchObject({ sbpMmHg: "118", heartRateBpm: "90" }); // nothing typed is lost
      const h = await health();
      expect(h.status).toBe(503);
      expect(await h.json()).toEqual({ status: "degraded", db: "unavailable" });
    } finally {
      start();
    }

    // the same Prisma client, no restart: the pool drops dead connections and opens new ones
    const up = await recordAssessmentAction(null, assessment());
    expect(up).toMatchObject({ ok: true });
    expect((await health()).status).toBe(200);
    // exactly one assessment: the one saved after recovery; the attempt during the outage wrote nothing
    expect(await prisma.assessment.count({ where: { courseId: course.id } })).toBe(before + 1);
  }, 120_000);
});
