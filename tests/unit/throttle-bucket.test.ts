import { describe, expect, test } from "vitest";
import { AddressBuckets } from "@/lib/auth/throttle-bucket";

// The first gate of sign-in (docs/decisions/052-sign-in-throttling.md): per address, in memory.
describe("the per-address token bucket", () => {
  test("lets a burst through, refuses the next with the wait, refills with time, and reports the refusals once", () => {
    const gate = new AddressBuckets({ capacity: 3, perMinute: 6, maxAddresses: 100 });
    const t = 1_000_000;
    for (let i = 0; i < 3; i++) expect(gate.take("a", t)).toEqual({ ok: true, refused: null });
    expect(gate.take("a", t)).toEqual({ ok: false, retryAfterSeconds: 10 });
    expect(gate.take("a", t + 5_000)).toEqual({ ok: false, retryAfterSeconds: 5 });
    // another address is not affected
    expect(gate.take("b", t)).toEqual({ ok: true, refused: null });
    // 10 s later one attempt is back; it carries the 2 refusals, reported once
    expect(gate.take("a", t + 10_000)).toEqual({ ok: true, refused: { count: 2, since: new Date(t) } });
    expect(gate.take("a", t + 20_000)).toEqual({ ok: true, refused: null });
  });

  test("never holds more than its capacity, and a clock set back does not empty it", () => {
    const gate = new AddressBuckets({ capacity: 2, perMinute: 60, maxAddresses: 100 });
    expect(gate.take("a", 10 * 60_000).ok).toBe(true);
    expect(gate.take("a", 10 * 60_000).ok).toBe(true);
    expect(gate.take("a", 10 * 60_000).ok).toBe(false);
    expect(gate.take("a", 0).ok).toBe(false); // back in time: no refill…
    expect(gate.take("a", 1_000).ok).toBe(true); // …but time from there on refills
  });

  test("remembers at most maxAddresses, forgetting the least recently seen", () => {
    const gate = new AddressBuckets({ capacity: 1, perMinute: 1, maxAddresses: 2 });
    gate.take("a", 0);
    gate.take("b", 0);
    gate.take("a", 0); // refused, and now the most recent
    gate.take("c", 0);
    expect(gate.size).toBe(2);
    expect(gate.take("a", 0).ok).toBe(false); // remembered: still empty
    expect(gate.take("b", 0).ok).toBe(true); // forgotten: starts full
  });
});
