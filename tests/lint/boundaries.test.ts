import { ESLint, type Linter } from "eslint";
import path from "node:path";
import { fileURLToPath } from "node:url";
import tseslint from "typescript-eslint";
import { beforeAll, describe, expect, test } from "vitest";

// The import arrows of docs/architecture.md fail lint: each rule fires on a violating import and stays quiet on an
// allowed one. The project's own eslint.config.mjs is loaded (so a later block that silently replaced a boundary
// rule would show here); only type-aware parsing is switched off, because the files below exist only as text at
// virtual paths, which the TypeScript project service cannot open. The boundary rules need no type information.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BOUNDARY_RULES = new Set(["no-restricted-imports", "no-restricted-syntax", "no-restricted-globals"]);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({
    cwd: root,
    overrideConfigFile: path.join(root, "eslint.config.mjs"),
    // only the boundary rules run: the others cost time and are not what this file proves
    ruleFilter: ({ ruleId }) => BOUNDARY_RULES.has(ruleId),
    overrideConfig: [{ ...(tseslint.configs.disableTypeChecked as Linter.Config), files: ["**/*.ts", "**/*.tsx"] }],
  });
});

/** The boundary findings for `code` linted as if it were the file at `filePath` (relative to the repository). */
async function boundaryFindings(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  if (!result) throw new Error(`nothing linted for ${filePath}`);
  // A parse error or "file ignored" warning has no ruleId: the file was not really linted, so the test must fail.
  expect(result.messages.filter((m) => m.ruleId === null), `${filePath} was not linted`).toEqual([]);
  return result.messages.filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId));
}

type Case = readonly [label: string, filePath: string, code: string, message: RegExp];

// [what, virtual file, code, a phrase the message must contain]
const violations: readonly Case[] = [
  // components ✗ lib/db, generated Prisma types, lib/auth, @prisma/*
  ["component imports the Prisma client", "components/review/violation.tsx", `import { prisma } from "@/lib/db/client";`, /components render view models/],
  ["component imports a query by a relative path", "components/course/violation.tsx", `import { listBoard } from "../../lib/db/queries/board";`, /lib\/db, lib\/auth, generated Prisma types/],
  ["component imports a generated type (type-only)", "components/review/violation.tsx", `import type { DoseEvent } from "@/lib/generated/prisma/client";`, /components render view models/],
  ["component re-exports a generated type", "components/review/violation.tsx", `export type { DoseEvent } from "@/lib/generated/prisma/client";`, /components render view models/],
  ["component reaches a row type through typeof import()", "components/course/violation.tsx", `export type Row = Awaited<ReturnType<typeof import("@/lib/db/queries/board").listBoard>>;`, /components render view models/],
  ["component imports lib/db dynamically", "components/course/violation.tsx", `export const load = () => import("@/lib/db/client");`, /components render view models/],
  ["component imports the session (server-only)", "components/shell/violation.tsx", `import { getSession } from "@/lib/auth/session";`, /components render view models/],
  ["component imports @prisma/client", "components/dose/violation.tsx", `import { Prisma } from "@prisma/client";`, /components render view models/],
  // app ✗ generated Prisma types
  ["page imports a generated type", "app/(clinical)/board/violation.tsx", `import type { Course } from "@/lib/generated/prisma/client";`, /app reads through lib\/db\/queries/],
  ["page imports a generated type by a relative path", "app/(clinical)/board/violation.tsx", `import type { Course } from "../../../lib/generated/prisma/client";`, /app reads through lib\/db\/queries/],
  // lib/views ✗ lib/db, generated, @prisma/*, lib/auth, lib/actions
  ["view imports lib/db", "lib/views/violation.ts", `import { prisma } from "@/lib/db/client";`, /lib\/views holds plain types/],
  ["view imports lib/db by a relative path", "lib/views/violation.ts", `import type { X } from "../db/queries/board";`, /lib\/views holds plain types/],
  ["view imports a generated type", "lib/views/violation.ts", `import type { Prisma } from "@/lib/generated/prisma/client";`, /lib\/views holds plain types/],
  ["view imports @prisma/client", "lib/views/violation.ts", `import type { Prisma } from "@prisma/client";`, /lib\/views holds plain types/],
  ["view imports the session type", "lib/views/violation.ts", `import type { CurrentSession } from "@/lib/auth/session";`, /lib\/views holds plain types/],
  ["view imports lib/actions", "lib/views/violation.ts", `import type { ActionResult } from "@/lib/actions/result";`, /lib\/views holds plain types/],
  // lib/schemas ✗ server code (shared with client forms)
  ["schema imports lib/db", "lib/schemas/violation.ts", `import { prisma } from "@/lib/db/client";`, /lib\/schemas is shared by client forms/],
  ["schema imports lib/auth", "lib/schemas/violation.ts", `import { ROLES } from "../auth/permissions";`, /lib\/schemas is shared by client forms/],
  // lib/auth ✗ lib/actions
  ["guard imports the action result module", "lib/auth/scope.ts", `import { ActionRefusal } from "@/lib/actions/result";`, /lib\/auth sits below lib\/actions/],
  ["guard imports lib/actions by a relative path", "lib/auth/scope.ts", `import { ActionRefusal } from "../actions/result";`, /lib\/auth sits below lib\/actions/],
  // lib/db ✗ lib/auth, lib/actions
  ["query imports the session type", "lib/db/queries/reviews.ts", `import type { CurrentSession } from "@/lib/auth/session";`, /lib\/db sits below lib\/auth and lib\/actions/],
  ["query imports lib/auth by a relative path", "lib/db/queries/reviews.ts", `import type { CurrentSession } from "../../auth/session";`, /lib\/db sits below lib\/auth and lib\/actions/],
  ["query imports lib/actions", "lib/db/audit.ts", `import { fail } from "@/lib/actions/result";`, /lib\/db sits below lib\/auth and lib\/actions/],
  // lib/domain: pure, and ✗ lib/views (even types), lib/schemas, lib/clock
  ["domain imports next/cache", "lib/domain/violation.ts", `import { revalidatePath } from "next/cache";`, /lib\/domain is pure/],
  ["domain imports react", "lib/domain/violation.ts", `import { cache } from "react";`, /lib\/domain is pure/],
  ["domain imports @prisma/client", "lib/domain/violation.ts", `import { Prisma } from "@prisma/client";`, /lib\/domain is pure/],
  ["domain imports node:crypto", "lib/domain/violation.ts", `import { randomUUID } from "node:crypto";`, /lib\/domain is pure/],
  ["domain imports fs", "lib/domain/violation.ts", `import { readFileSync } from "fs";`, /lib\/domain is pure/],
  ["domain imports server-only", "lib/domain/violation.ts", `import "server-only";`, /lib\/domain is pure/],
  ["domain imports lib/db", "lib/domain/violation.ts", `import { prisma } from "@/lib/db/client";`, /lib\/domain is pure/],
  ["domain imports lib/db by a relative path", "lib/domain/count-report/violation.ts", `import { prisma } from "../../db/client";`, /lib\/domain is pure/],
  ["domain imports a generated type", "lib/domain/violation.ts", `import type { DoseEvent } from "@/lib/generated/prisma/client";`, /lib\/domain is pure/],
  ["domain imports the session type", "lib/domain/violation.ts", `import type { CurrentSession } from "@/lib/auth/session";`, /lib\/domain is pure/],
  ["domain imports lib/actions", "lib/domain/violation.ts", `import type { ActionResult } from "@/lib/actions/result";`, /lib\/domain is pure/],
  ["domain imports the clock seam", "lib/domain/violation.ts", `import { now } from "@/lib/clock";`, /lib\/domain never reads the clock/],
  ["domain imports the clock seam by a relative path", "lib/domain/violation.ts", `import * as clock from "../clock";`, /lib\/domain never reads the clock/],
  ["domain imports a view type", "lib/domain/violation.ts", `import type { CountReport } from "@/lib/views/count-report";`, /lib\/domain does not import lib\/views/],
  ["domain imports a schema", "lib/domain/violation.ts", `import { ReviewHoldSchema } from "@/lib/schemas/review";`, /lib\/domain does not import lib\/schemas/],
  ["domain imports fs dynamically", "lib/domain/violation.ts", `export const read = () => import("node:fs");`, /lib\/domain is pure/],
  ["domain reads the clock with Date.now()", "lib/domain/violation.ts", `export const t = Date.now();`, /never reads the clock/],
  ["domain reads the clock with new Date()", "lib/domain/violation.ts", `export const t = new Date();`, /never reads the clock/],
  ["domain reads the environment", "lib/domain/violation.ts", `export const tz = process.env.TZ;`, /never reads the environment/],
  ["domain draws a random number", "lib/domain/violation.ts", `export const r = Math.random();`, /deterministic/],
  ["domain calls fetch", "lib/domain/violation.ts", `export const f = () => fetch("https://example.org");`, /fetch/],
  // lib/rules: sealed; ✗ lib/domain and everything else of the app
  ["engine imports the domain", "lib/rules/violation.ts", `import type { DoseEventRecord } from "@/lib/domain/records";`, /lib\/rules is the sealed engine/],
  ["engine imports the domain by a relative path", "lib/rules/violation.ts", `import type { DoseEventRecord } from "../domain/records";`, /lib\/rules is the sealed engine/],
  ["engine imports a view", "lib/rules/rule-sets/violation.ts", `import type { CountReport } from "@/lib/views/count-report";`, /lib\/rules is the sealed engine/],
  ["engine imports an app helper", "lib/rules/violation.ts", `import { formatIu } from "@/lib/format";`, /lib\/rules is the sealed engine/],
  ["engine imports an app helper by a relative path", "lib/rules/violation.ts", `import { formatIu } from "../format";`, /lib\/rules is the sealed engine/],
  ["engine imports lib/db", "lib/rules/violation.ts", `import { prisma } from "@/lib/db/client";`, /lib\/rules is the sealed engine/],
  ["engine imports next", "lib/rules/violation.ts", `import { headers } from "next/headers";`, /lib\/rules is pure/],
  ["engine reads the clock", "lib/rules/violation.ts", `export const t = Date.now();`, /never reads the clock/],
  ["engine imports an app module dynamically", "lib/rules/violation.ts", `export const f = () => import("@/lib/format");`, /lib\/rules is the sealed engine/],
  ["engine takes a type through typeof import()", "lib/rules/violation.ts", `export type D = typeof import("../domain/records");`, /lib\/rules is the sealed engine/],
];

const allowed: readonly (readonly [label: string, filePath: string, code: string])[] = [
  ["component takes views, engine types, domain labels and server actions", "components/review/allowed.tsx", [
    `import type { ReviewQueueItem } from "@/lib/views/reviews";`,
    `import { evaluateDose } from "@/lib/rules";`,
    `import { OUTCOME_LABEL } from "@/lib/domain/review";`,
    `import { reviewHoldAction } from "@/lib/actions/review-hold";`,
    `import { ReviewHoldSchema } from "@/lib/schemas/review";`,
  ].join("\n")],
  ["component imports components/auth by a relative path (not lib/auth)", "components/shell/allowed.tsx", `import { SignInForm } from "../auth/sign-in-form";`],
  ["component imports a sibling area named like a lib folder", "components/course/allowed.tsx", `import { Badge } from "@/components/decision/decision-badge";\nimport { X } from "@/lib/dbx";`],
  ["page reads through queries and guards", "app/(clinical)/board/allowed.tsx", `import { listBoard } from "@/lib/db/queries/board";\nimport { requireSession } from "@/lib/auth/guards";\nimport { now } from "@/lib/clock";`],
  ["view imports engine and domain types", "lib/views/allowed.ts", `import type { DoseDecision } from "@/lib/rules";\nimport type { DosePreparation } from "@/lib/domain/dose-preparation";\nimport type { X } from "./reviews";`],
  ["schema imports zod, the engine and the domain", "lib/schemas/allowed.ts", `import { z } from "zod";\nimport { REVIEW_OUTCOMES } from "@/lib/domain/review";\nimport { RULE_SETS } from "@/lib/rules";`],
  ["guard imports lib/db and the shared refusal module", "lib/auth/scope.ts", `import { prisma } from "@/lib/db/client";\nimport { ActionRefusal } from "@/lib/refusal";\nimport "server-only";`],
  ["query imports views, domain, engine, generated types and its client", "lib/db/queries/reviews.ts", [
    `import type { ReviewQueueItem } from "@/lib/views/reviews";`,
    `import { decideForCourse } from "@/lib/domain/engine-request";`,
    `import { evaluateDose } from "@/lib/rules";`,
    `import type { Prisma } from "@/lib/generated/prisma/client";`,
    `import { prisma } from "../client";`,
    `import "server-only";`,
  ].join("\n")],
  ["action imports everything below it", "lib/actions/allowed.ts", `import { prisma } from "@/lib/db/client";\nimport { requireSession } from "@/lib/auth/guards";\nimport { now } from "@/lib/clock";\nimport type { Prisma } from "@/lib/generated/prisma/client";`],
  ["domain imports the engine, itself and zod, and builds dates from instants", "lib/domain/count-report/allowed.ts", [
    `import { evaluateDose } from "@/lib/rules";`,
    `import type { DoseEventRecord } from "@/lib/domain/records";`,
    `import { tally } from "./tally";`,
    `import type { R } from "../records";`,
    `import { z } from "zod";`,
    `export const at = (iso: string) => new Date(iso);`,
  ].join("\n")],
  ["engine imports itself and zod", "lib/rules/rule-sets/allowed.ts", `import { z } from "zod";\nimport { CRITERIA } from "../vocabulary";\nimport type { X } from "@/lib/rules/schema";\nimport { Y } from "./contract";`],
  ["a test may import anything", "tests/unit/allowed.test.ts", `import { prisma } from "@/lib/db/client";\nimport type { DoseEvent } from "@/lib/generated/prisma/client";`],
];

describe("boundary rules fire on a violating import", () => {
  test.each(violations)("%s (%s)", async (_label, filePath, code, message) => {
    const findings = await boundaryFindings(filePath, code);
    expect(findings.length, JSON.stringify(findings)).toBeGreaterThan(0);
    expect(findings.map((f) => f.message)).toContainEqual(expect.stringMatching(message));
    expect(findings.every((f) => f.severity === 2)).toBe(true);
  });
});

describe("boundary rules stay quiet on an allowed import", () => {
  test.each(allowed)("%s (%s)", async (_label, filePath, code) => {
    expect(await boundaryFindings(filePath, code)).toEqual([]);
  });
});
