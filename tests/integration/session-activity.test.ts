import { describe, expect, test } from "vitest";
import { signedInBrowser } from "./support/request-context";
import { makeUnit, makeUser } from "./support/factories";
import { advanceClock, freezeClock } from "./support/clock";
import { prisma } from "@/lib/db/client";
import { authConfig } from "@/lib/auth/config";
import { readSession } from "@/lib/auth/session";

// Issue 12 item 4 (decision 053): what keeps a session alive is what the page's idle timer also counts. The router's
// prefetches are not activity: Next.js repeats them on its own while a page stays open, and a session kept alive by
// them would never reach its idle limit.
describe("which requests keep a session alive", () => {
  async function setUp() {
    const user = await makeUser("nurse", [(await makeUnit()).id]);
    freezeClock();
    const browser = await signedInBrowser(user);
    const session = await prisma.session.findFirstOrThrow({ where: { userId: user.id, endedAt: null } });
    advanceClock((authConfig.touchSeconds + 5) * 1000);
    return { browser, session };
  }

  test("a router prefetch reads the session but does not move lastSeenAt", async () => {
    for (const header of ["next-router-prefetch", "next-router-segment-prefetch"]) {
      const { browser, session } = await setUp();
      browser.headers[header] = "1";
      expect((await readSession()).state).toBe("valid");
      expect((await prisma.session.findUniqueOrThrow({ where: { id: session.id } })).lastSeenAt).toEqual(session.lastSeenAt);
    }
  });

  test("a navigation (no prefetch header) moves lastSeenAt", async () => {
    const { session } = await setUp();
    expect((await readSession()).state).toBe("valid");
    expect((await prisma.session.findUniqueOrThrow({ where: { id: session.id } })).lastSeenAt.getTime()).toBeGreaterThan(session.lastSeenAt.getTime());
  });

  test("a prefetch after the idle limit still finds the session over", async () => {
    const { browser } = await setUp();
    browser.headers["next-router-prefetch"] = "1";
    advanceClock(authConfig.idleMinutes * 60_000);
    expect(await readSession()).toMatchObject({ state: "expired", reason: "idle-timeout" });
  });
});
