// The test side of the clock seam (lib/clock.ts): a test that depends on time fixes the server's clock to an instant
// and moves it on explicitly, instead of sleeping or offsetting from the wall clock. setup-clock.ts puts the wall
// clock back after every test. See docs/decisions/033-clock-seam.md.
import * as clock from "@/lib/clock";

/** Stops the server's clock at `at` (default: the current instant) and returns that instant. */
export function freezeClock(at: Date = clock.now()): Date {
  const fixed = new Date(at.getTime());
  clock.setClock(fixed);
  return fixed;
}

/** Moves a frozen clock on by `ms` (freezing it first if it runs); returns the new instant. */
export function advanceClock(ms: number): Date {
  return freezeClock(new Date(clock.now().getTime() + ms));
}

/** The server's current instant: a factory's or a test's "now" when it has to agree with the actions' clock. */
export const now = (): Date => clock.now();
