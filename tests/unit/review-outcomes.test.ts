import { describe, expect, test } from "vitest";
import { outcomesFor } from "@/lib/domain/review";

describe("outcomesFor: what an attending may decide on a held event, by the tier it was recorded at", () => {
  test.each([
    ["a hold", "hold", "hold", ["confirm", "stop", "discontinue", "override"]],
    ["a stop from the assessment (never merely confirmed or overridden)", "stop", "stop", ["stop", "discontinue"]],
    ["a discontinuation", "discontinue", "discontinue", ["discontinue"]],
    ["a stop made by the third consecutive hold (judgment: the attending may override, protocols.md §4)", "stop", "hold", ["stop", "discontinue", "override"]],
  ] as const)("%s", (_label, tier, engineDecision, want) => {
    expect([...outcomesFor("held", tier, engineDecision)].sort()).toEqual([...want].sort());
  });
});
