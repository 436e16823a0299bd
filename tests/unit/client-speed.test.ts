// What keeps the assessment form's live preview fast (issue 13, docs/performance-client.md): the costly objects the
// preview needs on every keystroke are made once and reused, and reusing them changes no answer.
import { describe, expect, test } from "vitest";
import { assessmentField } from "@/lib/domain/assessment-fields";
import { dateTimeFormat, formatClock } from "@/lib/format";
import { engineValueSchema, typedValueSchema } from "@/lib/schemas/assessment";
import { CYCLE2_MEANING, OUTCOME_LABEL, REVIEW_OUTCOMES, needsReason, needsSignature } from "@/lib/domain/review";
import * as outcomes from "@/lib/domain/review-outcomes";

const field = (name: string) => assessmentField(name)!;

describe("formats and schemas are made once", () => {
  test("one Intl.DateTimeFormat per set of options, another for another zone", () => {
    const a = dateTimeFormat({ timeZone: "Europe/Berlin", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    expect(dateTimeFormat({ timeZone: "Europe/Berlin", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })).toBe(a);
    expect(dateTimeFormat({ timeZone: "America/Chicago", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })).not.toBe(a);
    expect(() => dateTimeFormat({ timeZone: "Nowhere/Atlantis" })).toThrow(RangeError);
  });

  test("formatClock answers as before: the time today, the day and time otherwise, in the unit's zone", () => {
    const now = new Date("2026-12-01T12:00:00Z");
    expect(formatClock(new Date("2026-12-01T21:50:00Z"), "Europe/Berlin", now)).toBe("22:50");
    expect(formatClock(new Date("2026-12-02T21:50:00Z"), "Europe/Berlin", now)).toBe("Wed 2 Dec 22:50");
    expect(formatClock(new Date("2026-12-01T23:30:00Z"), "Europe/Berlin", now)).toBe("Wed 2 Dec 00:30");
  });

  test("a field's schemas that do not depend on the clock are the same object on every reading", () => {
    const sbp = field("sbpMmHg");
    const clock1 = { timeZone: "UTC", now: new Date("2026-03-01T10:00:00Z") };
    const clock2 = { timeZone: "Europe/Berlin", now: new Date("2026-03-02T10:00:00Z") };
    expect(typedValueSchema(sbp, clock1)).toBe(typedValueSchema(sbp, clock2));
    expect(engineValueSchema(sbp)).toBe(engineValueSchema(sbp));
    expect(typedValueSchema(field("rhythm"), clock1)).toBe(typedValueSchema(field("rhythm"), clock2));
    // a time is read on the unit's clock: its schema is made for that clock
    expect(typedValueSchema(field("at"), clock1)).not.toBe(typedValueSchema(field("at"), clock2));
  });

  test("a reused schema still judges each value on its own", () => {
    const sbp = field("sbpMmHg");
    const clock = { timeZone: "UTC" };
    expect(typedValueSchema(sbp, clock).safeParse("112")).toMatchObject({ success: true, data: 112 });
    expect(typedValueSchema(sbp, clock).safeParse("11x").success).toBe(false);
    expect(typedValueSchema(sbp, clock).safeParse("98").success).toBe(true);
    expect(engineValueSchema(sbp).safeParse(112).success).toBe(true);
    expect(engineValueSchema(sbp).safeParse(-5).success).toBe(false);
  });
});

test("the review outcomes the browser's forms import are the review policy's own", () => {
  expect(outcomes.REVIEW_OUTCOMES).toBe(REVIEW_OUTCOMES);
  expect(outcomes.OUTCOME_LABEL).toBe(OUTCOME_LABEL);
  expect(outcomes.needsSignature).toBe(needsSignature);
  expect(outcomes.CYCLE2_MEANING).toBe(CYCLE2_MEANING);
  expect(outcomes.needsReason).toBe(needsReason);
  // every outcome signs (decision 055); three need a written reason
  expect(REVIEW_OUTCOMES.filter(needsSignature)).toEqual([...REVIEW_OUTCOMES]);
  expect(REVIEW_OUTCOMES.filter(needsReason)).toEqual(["discontinue", "override", "reassess"]);
});
