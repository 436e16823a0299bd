import { describe, expect, test } from "vitest";
import { adminChangeRefusal, isTimeZone } from "@/lib/domain/people";
import { temporaryPassword } from "@/lib/auth/account";
import { ROLES } from "@/lib/auth/permissions";
import { CreateUnitSchema, CreateUserSchema, ROLE_CHOICES, UpdateUnitSchema } from "@/lib/schemas/admin";

// Issue 11, item 2: the administrator's rules for people and units (docs/decisions/048-people-and-units.md).
const me = "00000000-0000-4000-8000-000000000001";
const other = "00000000-0000-4000-8000-000000000002";
const third = "00000000-0000-4000-8000-000000000003";

describe("nobody leaves the hospital without an administrator", () => {
  test.each([
    ["deactivating oneself", me, { id: me, role: "admin", active: true }, { kind: "deactivate" } as const, [me, other], /own account/],
    ["deactivating the last active administrator", me, { id: other, role: "admin", active: true }, { kind: "deactivate" } as const, [other], /last active administrator/],
    ["taking the role from the last active administrator", me, { id: other, role: "admin", active: true }, { kind: "role", role: "nurse" } as const, [other], /last active administrator/],
    ["taking the administrator role from oneself", me, { id: me, role: "admin", active: true }, { kind: "role", role: "attending" } as const, [me, other], /own account/],
  ])("refused: %s", (_label, actor, target, change, admins, message) => {
    expect(adminChangeRefusal(actor, target, change, admins)).toMatch(message);
  });

  test.each([
    ["deactivating an administrator while another stays active", me, { id: other, role: "admin", active: true }, { kind: "deactivate" } as const, [me, other]],
    ["deactivating a nurse (no administrator lost)", me, { id: third, role: "nurse", active: true }, { kind: "deactivate" } as const, [me]],
    ["keeping the administrator role for oneself", me, { id: me, role: "admin", active: true }, { kind: "role", role: "admin" } as const, [me]],
    ["making a nurse an administrator", me, { id: third, role: "nurse", active: true }, { kind: "role", role: "admin" } as const, [me]],
    ["changing the role of an inactive administrator (not counted)", me, { id: other, role: "admin", active: false }, { kind: "role", role: "nurse" } as const, [me]],
  ])("allowed: %s", (_label, actor, target, change, admins) => {
    expect(adminChangeRefusal(actor, target, change, admins)).toBeNull();
  });
});

describe("a unit's time zone is an IANA name the runtime knows", () => {
  test.each(["Europe/Paris", "America/New_York", "UTC", "Asia/Kolkata", "America/Argentina/Buenos_Aires"])("%s: accepted", (zone) => {
    expect(isTimeZone(zone)).toBe(true);
  });
  test.each(["", "Paris", "Europe/Atlantis", "CET+1", "GMT+2", "europe paris", "Mars/Olympus_Mons", "../etc/passwd"])("%j: refused", (zone) => {
    expect(isTimeZone(zone)).toBe(false);
  });
  test("the schema refuses an unknown zone in words", () => {
    const r = CreateUnitSchema.safeParse({ name: "ICU 4", timeZone: "Europe/Atlantis" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ["timeZone"], message: expect.stringMatching(/IANA name, for example Europe\/Paris/) });
    expect(UpdateUnitSchema.safeParse({ unitId: other, name: " ICU 4 ", timeZone: "Europe/Paris" }).data).toEqual({ unitId: other, name: "ICU 4", timeZone: "Europe/Paris" });
  });
});

describe("a new account", () => {
  test("the schema's roles are the permission table's", () => {
    expect([...ROLE_CHOICES].sort()).toEqual([...ROLES].sort());
  });
  test("a clinician needs a unit; an administrator does not; the e-mail is read in lower case", () => {
    const nurse = CreateUserSchema.safeParse({ name: "Ana Nurse", email: "Ana@Example.org", role: "nurse", unitIds: [] });
    expect(nurse.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["unitIds", "Choose at least one unit: a clinician sees only the patients of their units."]]);
    expect(CreateUserSchema.safeParse({ name: "Ada Admin", email: "Ada@Example.org", role: "admin" }).data).toEqual({ name: "Ada Admin", email: "ada@example.org", role: "admin", unitIds: [] });
    expect(CreateUserSchema.safeParse({ name: "Ana", email: "ana@example.org", role: "nurse", unitIds: other }).data?.unitIds).toEqual([other]);
  });
});

describe("a temporary password", () => {
  test("four groups of five characters from an alphabet without look-alikes (0 o 1 l i)", () => {
    for (let i = 0; i < 50; i++) expect(temporaryPassword()).toMatch(/^[a-hjkmnp-z2-9]{5}(-[a-hjkmnp-z2-9]{5}){3}$/);
  });
  test("never the same twice in 1,000 draws (about 99 bits each)", () => {
    const seen = new Set(Array.from({ length: 1000 }, () => temporaryPassword()));
    expect(seen.size).toBe(1000);
  });
});
