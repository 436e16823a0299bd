import { describe, expect, test } from "vitest";
import { failureSuffix, signatureWaitMessage, waitingUntil } from "@/lib/auth/lockout";

// Issue 9: lock-out times are told on the unit's clock, never the server's (the server runs in UTC).
const now = new Date("2026-03-01T12:50:00Z");
const lockedUntil = new Date("2026-03-01T13:05:00Z"); // 15 min: a lock, not a throttle

describe("a lock-out ends at a time on the unit's clock", () => {
  test.each([
    ["UTC", "13:05"],
    ["America/New_York", "08:05"],
    ["Europe/Berlin", "14:05"],
    ["Asia/Kolkata", "18:35"],
  ])("%s → %s", (timeZone, clock) => {
    const w = waitingUntil(lockedUntil, now);
    expect(w?.reason).toBe("locked");
    expect(signatureWaitMessage(w!, timeZone)).toContain(`locked until ${clock},`);
    expect(failureSuffix({ failedInARow: 5, lockedUntil, locked: false }, now, timeZone)).toBe(` The account is locked until ${clock}.`);
  });

  test("a throttle names seconds, not a clock time", () => {
    const w = waitingUntil(new Date(now.getTime() + 10_000), now);
    expect(signatureWaitMessage(w!, "America/New_York")).toBe("Too many wrong passwords: not signed. Wait 10 seconds before signing again.");
  });
});
