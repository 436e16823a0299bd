// components/auth/session-ended.ts: which answers open the "sign in again" dialog.
import { describe, expect, test } from "vitest";
import { isSessionEnded } from "@/components/auth/session-ended";
import type { ActionCode, ActionFailure } from "@/lib/actions/result";

const fail = (code: ActionCode, message: string, extra: Partial<ActionFailure> = {}): ActionFailure => ({ ok: false, code, message, ...extra });

describe("isSessionEnded", () => {
  test("an UNAUTHENTICATED answer at no field is a dead session", () => {
    expect(isSessionEnded(fail("UNAUTHENTICATED", "Sign in to continue."))).toBe(true);
  });

  test.each([
    ["a wrong signature password", "password"],
    ["a wrong current password on /account/password", "currentPassword"],
    ["a lock after wrong passwords", "currentPassword"],
  ])("%s, answered at a field, is the form's own error", (_label, field) => {
    expect(isSessionEnded(fail("UNAUTHENTICATED", "The password is not right.", { fieldErrors: { [field]: ["The password is not right."] } }))).toBe(false);
  });

  test("success, other refusals and no answer yet are not a dead session", () => {
    expect(isSessionEnded(null)).toBe(false);
    expect(isSessionEnded({ ok: true, data: {} })).toBe(false);
    expect(isSessionEnded(fail("FORBIDDEN", "Not allowed."))).toBe(false);
  });
});
