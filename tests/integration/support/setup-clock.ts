// Setup file: every integration test starts on the wall clock (and a full sign-in gate), whatever the test before it froze. Freeze the clock
// in the test (or in beforeEach), not in beforeAll: it is reset after each test.
import { afterAll, afterEach } from "vitest";
import { resetClock } from "@/lib/clock";
import { signInGate, throttleConfig } from "@/lib/auth/throttle";
import { prisma } from "@/lib/db/client";

afterEach(async () => {
  resetClock();
  // and with the sign-in gate full, at its configured limits (docs/decisions/052, 058): this process's guard and the
  // limit every instance shares in the database
  await signInGate.resetShared(prisma, { ...throttleConfig.bucket });
});

afterAll(() => {
  resetClock();
});
