"use client";

import { useSyncExternalStore } from "react";

// What was just recorded on the course screen, for the part of the screen that shows the result and the next
// action: the assessment form publishes the new assessment's id; the dose screen, once the page has been drawn
// again with that assessment, shows the result beside "Give"/"Hold" and takes the focus there. While a dose screen
// is on the page (`claimResults`), the form leaves the focus to it; otherwise the form focuses its own message.

let recorded: string | null = null;
let screens = 0;
const listeners = new Set<() => void>();

export function announceRecordedAssessment(assessmentId: string): void {
  recorded = assessmentId;
  for (const l of listeners) l();
}

/** The id of the assessment recorded last on this page (null before any). */
export function useRecordedAssessment(): string | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => recorded,
    () => null,
  );
}

/** A dose screen is on the page and will take the focus for the result; returns its release. */
export function claimResults(): () => void {
  screens += 1;
  return () => {
    screens -= 1;
  };
}

export const resultsClaimed = (): boolean => screens > 0;
