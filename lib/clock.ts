// The server's one clock seam. Server code (actions, pages, queries) reads the time here, once per request, and
// passes it down as `now`: lib/domain and lib/rules never read a clock. Integration tests fix the clock to an
// instant (`setClock`) instead of sleeping or offsetting from the wall clock. Browsers keep their own clock for
// countdowns. See docs/decisions/033-clock-seam.md.

type Source = () => Date;

const wallClock: Source = () => new Date();
let source: Source = wallClock;

/** The current instant, from the wall clock or, in tests, from the clock a test set. */
export function now(): Date {
  return new Date(source().getTime());
}

/**
 * Tests only: make `now()` answer `at` (a fixed instant, or a function for a clock the test moves). Refused in a
 * production server, so no request can move the clinical clock.
 */
export function setClock(at: Date | Source): void {
  if (process.env.NODE_ENV === "production") throw new Error("The clock can only be set in tests.");
  source = typeof at === "function" ? at : () => at;
}

/** Tests only: back to the wall clock. */
export function resetClock(): void {
  source = wallClock;
}
