// Issue 12 item 7 (docs/decisions/055-signatures-part-11.md): signature password fields are never filled by the
// browser's password manager, the first signature of a session asks for the user id, and the blind witness step
// shows empty fields. Rendered to markup; plus a scan that every password input outside the sign-in forms is one.
import { describe, expect, test } from "vitest";
import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { SignatureFields } from "@/components/ui/signature-fields";
import { SignatureSession } from "@/components/auth/signature-session";
import { WitnessStep } from "@/components/dose/witness-step";
import type { FormField } from "@/components/ui/form";
import { sameUserId, witnessFiguresMatch, WITNESS_MISMATCH } from "@/lib/domain/signature";

const field = (name: string, errors?: string[]): FormField => ({ id: `f-${name}`, name, errorId: `f-${name}-error`, initialValue: undefined, errors });
const fields = (over: Record<string, FormField> = {}) =>
  new Proxy({ ...over } as Record<string, FormField>, { get: (t, k: string) => t[k] ?? field(k) }) as unknown as { password: FormField };
const html = (node: ReactNode, askUserId?: boolean) =>
  renderToStaticMarkup(askUserId === undefined ? (node as never) : createElement(SignatureSession, { askUserId, children: node }));

/** Every <input …> tag of the markup, as an attribute map. */
function inputs(markup: string): Record<string, string>[] {
  return [...markup.matchAll(/<input([^>]*)>/g)].map((m) => Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!.toLowerCase(), a[2]!])));
}

describe("signature password fields are never autofilled", () => {
  test("the signer's password: autocomplete=new-password (Chromium honours it, ignores off) and the managers' ignore marks", () => {
    const [password] = inputs(html(createElement(SignatureFields, { fields: fields(), meaning: "Reviewed: hold confirmed" }), false));
    expect(password).toMatchObject({ type: "password", name: "password", autocomplete: "new-password", "data-1p-ignore": "true", "data-lpignore": "true", "data-bwignore": "true" });
  });

  test("the witness's password too, and neither user id field is suggested", () => {
    const all = inputs(html(createElement(WitnessStep, { fields: fields(), witnesses: [{ id: "w1", name: "Nurse W" }], onCancel: () => {} })));
    expect(all.find((i) => i.name === "witnessPassword")).toMatchObject({ type: "password", autocomplete: "new-password", "data-1p-ignore": "true" });
    expect(all.find((i) => i.name === "witnessUserId")).toMatchObject({ type: "text", autocomplete: "off", "data-1p-ignore": "true" });
    const own = inputs(html(createElement(SignatureFields, { fields: fields() }), true)).find((i) => i.name === "signatureUserId");
    expect(own).toMatchObject({ type: "text", autocomplete: "off" });
  });

  test("every password input in the app is a signature field, except the sign-in, sign-in-again and password-change forms", () => {
    const allowed = new Set(["components/auth/sign-in-form.tsx", "components/auth/reauth-dialog.tsx", "components/auth/change-password-form.tsx"]);
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = path.join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith(".tsx") && !allowed.has(p)) {
          const src = readFileSync(p, "utf8");
          if (/\stype="password"/.test(src) && !/SIGNATURE_PASSWORD_ATTRIBUTES/.test(src)) offenders.push(p);
          if (/autoComplete="current-password"/.test(src)) offenders.push(`${p} (current-password)`);
        }
      }
    };
    walk("components");
    walk("app");
    expect(offenders).toEqual([]);
  });
});

describe("the first signature of a session asks for the user id", () => {
  test("until the session has signed: user id and password; after: the password only", () => {
    const first = inputs(html(createElement(SignatureFields, { fields: fields() }), true)).map((i) => i.name);
    expect(first).toEqual(["signatureUserId", "password"]);
    const later = inputs(html(createElement(SignatureFields, { fields: fields() }), false)).map((i) => i.name);
    expect(later).toEqual(["password"]);
  });

  test("a stale page the server answered with 'enter your user id' shows the field again", () => {
    const markup = html(createElement(SignatureFields, { fields: fields({ signatureUserId: field("signatureUserId", ["Enter your user id (e-mail) as well"]) }) }), false);
    expect(inputs(markup).map((i) => i.name)).toEqual(["signatureUserId", "password"]);
    expect(markup).toContain("Your user id (e-mail)");
  });

  test("the user id is the account's e-mail, whatever its case and spaces", () => {
    expect(sameUserId("  Ann.Nurse@Hospital.ORG ", "ann.nurse@hospital.org")).toBe(true);
    expect(sameUserId("ann.nurse@hospital.or", "ann.nurse@hospital.org")).toBe(false);
    expect(sameUserId("", "ann.nurse@hospital.org")).toBe(false);
  });
});

describe("the blind witness double-check", () => {
  const expected = { doseIu: 49_440_000, doseMl: 2.7466666 };
  test.each([
    ["the dose and the volume to 2 decimals", { doseIu: 49_440_000, doseMl: 2.75 }, true],
    ["a volume one hundredth off", { doseIu: 49_440_000, doseMl: 2.74 }, false],
    ["a dose one IU off", { doseIu: 49_439_999, doseMl: 2.75 }, false],
    ["mg typed as mL", { doseIu: 49_440_000, doseMl: 3.05 }, false],
  ])("%s → %s", (_label, entered, want) => {
    expect(witnessFiguresMatch(expected, entered)).toBe(want);
  });

  test("the refusal names no figure: the witness finds the error on the syringe, not on the screen", () => {
    expect(WITNESS_MISMATCH).not.toMatch(/\d/);
  });

  test("the witness step shows no figure and starts with empty fields", () => {
    const markup = html(createElement(WitnessStep, { fields: fields(), witnesses: [{ id: "w1", name: "Nurse W" }], onCancel: () => {} }));
    const typed = inputs(markup).filter((i) => ["witnessDoseIu", "witnessDoseMl", "witnessUserId", "witnessPassword"].includes(i.name!));
    expect(typed).toHaveLength(4);
    expect(typed.every((i) => i.value === undefined)).toBe(true);
    expect(markup).not.toMatch(/\d{2},\d{3}|\d+\.\d\d mL/);
  });
});
