import { describe, expect, test } from "vitest";
import { doseEventCorrectionRefusal } from "@/lib/domain/correction";

describe("doseEventCorrectionRefusal: a correction never undoes a stop", () => {
  const held = (tier: string | null) => ({ kind: "held" as const, tier, authorizedByReviewId: null });
  test.each([
    ["stop-tier hold, unreviewed, its assessment active: refused", held("stop"), false, true, "waits for the attending"],
    ["discontinue-tier hold, unreviewed, its assessment active: refused", held("discontinue"), false, true, "waits for the attending"],
    ["stop-tier hold, reviewed: allowed", held("stop"), true, true, null],
    ["stop-tier hold, its assessment already in error: allowed", held("stop"), false, false, null],
    ["hold-tier hold: allowed", held("hold"), false, true, null],
    ["given dose: allowed", { kind: "given" as const, tier: null, authorizedByReviewId: null }, false, true, null],
    ["stopped, signed in a review: refused", { kind: "stopped" as const, tier: null, authorizedByReviewId: "r1" }, true, false, "This stop was signed by an attending"],
    ["discontinued, signed in a review: refused", { kind: "discontinued" as const, tier: null, authorizedByReviewId: "r1" }, true, false, "This discontinuation was signed"],
    ["stopped, recorded by a nurse: allowed", { kind: "stopped" as const, tier: null, authorizedByReviewId: null }, false, false, null],
  ] as const)("%s", (_label, event, reviewed, sourceAssessmentActive, want) => {
    const got = doseEventCorrectionRefusal(event, { reviewed, sourceAssessmentActive });
    if (want === null) expect(got).toBeNull();
    else expect(got).toContain(want);
  });
});
