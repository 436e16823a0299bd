import { prisma } from "@/lib/db/client";

export const dynamic = "force-dynamic";

const TIMEOUT_MS = 2_000;

/** 200 {status:"ok", db:"ok"} when the database answers within 2 s, else 503 — never a stack trace. */
export async function GET(): Promise<Response> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      prisma.$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("database timeout")), TIMEOUT_MS);
      }),
    ]);
    return Response.json({ status: "ok", db: "ok" }, { headers: { "cache-control": "no-store" } });
  } catch {
    return Response.json({ status: "degraded", db: "unavailable" }, { status: 503, headers: { "cache-control": "no-store" } });
  } finally {
    clearTimeout(timer);
  }
}
