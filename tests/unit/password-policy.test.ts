import { describe, expect, test } from "vitest";
import { passwordProblem, personalWords, PASSWORD_MIN_LENGTH } from "@/lib/config/password-policy";
import { commonPasswords } from "@/lib/auth/common-passwords";

const ctx = { email: "nora.nurse@hospital.example", name: "Nora Nurse", commonPasswords: commonPasswords() };
const ok = "copper kettle river lamp";

describe("new password policy (NIST SP 800-63B)", () => {
  test("a long passphrase without digits, capitals or symbols is accepted: no composition rules", () => {
    expect(passwordProblem(ok, ctx)).toBeNull();
    expect(passwordProblem("abcdefghijkmnpq", ctx)).toBeNull();
  });
  test("at least 15 characters, counted in characters (not bytes)", () => {
    expect(PASSWORD_MIN_LENGTH).toBe(15);
    expect(passwordProblem("kettle river 1", ctx)).toMatch(/at least 15 characters \(this has 14\)/);
    expect(passwordProblem("ééééé-kettle-río", ctx)).toBeNull();
  });
  test("64 characters and more are allowed; 129 are not", () => {
    expect(passwordProblem("copper kettle river lamp ".repeat(3).slice(0, 70), ctx)).toBeNull();
    expect(passwordProblem(`${ok} `.repeat(6).slice(0, 129), ctx)).toMatch(/at most 128/);
  });
  test("a commonly used password is refused, whatever its case", () => {
    expect(commonPasswords().has("123456789qwerty")).toBe(true);
    expect(passwordProblem("123456789QWERTY", ctx)).toMatch(/commonly used/);
    expect(passwordProblem("1qaz2wsx3edc4rfv", ctx)).toMatch(/commonly used/);
  });
  test("one character or one short part repeated is refused", () => {
    expect(passwordProblem("aaaaaaaaaaaaaaaa", ctx)).toMatch(/repeated/);
    expect(passwordProblem("kettlekettlekettle", ctx)).toMatch(/repeated/);
  });
  test("the user's e-mail, its name part or a part of their name is refused", () => {
    expect(personalWords(ctx.email, ctx.name)).toEqual(expect.arrayContaining(["nora.nurse@hospital.example", "nora.nurse", "nora", "nurse"]));
    expect(passwordProblem("my name is NORA and I like tea", ctx)).toMatch(/e-mail address or your name/);
    expect(passwordProblem("kettle nora.nurse@hospital.example", ctx)).toMatch(/e-mail address or your name/);
  });
  test("a part of 4+ characters is refused anywhere; a 3-character part only as a whole word (review of issue 11, fix 6)", () => {
    const tom = { email: "tom.lee@hospital.example", name: "Tom Lee", commonPasswords: commonPasswords() };
    expect(passwordProblem("a bottom drawer of fleece socks", tom)).toBeNull();
    expect(passwordProblem("sleepless in the valley of glee", tom)).toBeNull();
    expect(passwordProblem("tom and jerry by the river", tom)).toMatch(/e-mail address or your name/);
    expect(passwordProblem("river stones; LEE side of the hill", tom)).toMatch(/e-mail address or your name/);
    expect(passwordProblem("kettle river tom.lee forever", tom)).toMatch(/e-mail address or your name/);
    expect(passwordProblem("kettlenoraforeverandever", ctx)).toMatch(/e-mail address or your name/);
  });
  test("the service's own words are refused, whatever the case", () => {
    expect(passwordProblem("my bolus of river stones", ctx)).toMatch(/name of this service/);
    expect(passwordProblem("Interleukin2 copper kettle", ctx)).toMatch(/name of this service/);
  });
});
