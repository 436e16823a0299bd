import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { GET } from "@/app/api/health/route";

// The route handler runs in a child process so it can be given a database that is not there.
function healthWith(databaseUrl: string) {
  const script = `import("./app/api/health/route.ts").then(async (m) => { const r = await m.GET(); console.log(JSON.stringify({ status: r.status, body: await r.json() })); process.exit(0); })`;
  const r = spawnSync("node_modules/.bin/tsx", ["-e", script], { encoding: "utf8", env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 30_000 });
  const last = r.stdout.trim().split("\n").at(-1) ?? "";
  return { parsed: JSON.parse(last) as { status: number; body: unknown }, stderr: r.stderr };
}

describe("GET /api/health", () => {
  test("answers 200 {status: ok, db: ok} when the database answers", async () => {
    const res = await GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", db: "ok" });
  });

  test("answers 503 in words, with no stack trace, when the database is down", () => {
    // port 9 (discard) on loopback: nothing listens, the connection is refused at once
    const { parsed } = healthWith("postgresql://nobody:nothing@127.0.0.1:9/none");
    expect(parsed).toEqual({ status: 503, body: { status: "degraded", db: "unavailable" } });
  });
});
