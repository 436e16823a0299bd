// Setup file: every integration test starts on the wall clock, whatever the test before it froze. Freeze the clock
// in the test (or in beforeEach), not in beforeAll: it is reset after each test.
import { afterAll, afterEach } from "vitest";
import { resetClock } from "@/lib/clock";

afterEach(() => {
  resetClock();
});

afterAll(() => {
  resetClock();
});
