// The request fast path must be invisible: whatever it accepts, zod accepts too and parses to the same object;
// whatever zod refuses, the fast path refuses (so every refusal and its issues stay zod's).
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { fastParseRequest } from "@/lib/rules/fast-parse";
import { DoseRequestSchema } from "@/lib/rules";
import { monoRequest, tilRequest } from "./fixtures";

const VALUES = [null, undefined, 0, -1, 39, 40, 301, 1e9, Number.NaN, Infinity, "", "x", "2026-03-01T10:00:00", "2026-03-01T10:00:00Z", true, false, [], {}, ["ischemia"], 2, 1.5];

/** A request with one value somewhere replaced (or one key added), walking into objects and arrays. */
function mutate(req: unknown, path: number[], value: unknown, addKey: boolean): unknown {
  const copy = structuredClone(req) as Record<string, unknown>;
  let node: unknown = copy;
  for (const step of path) {
    if (node === null || typeof node !== "object") break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[step % keys.length]!;
    const child = (node as Record<string, unknown>)[key];
    if (child === null || typeof child !== "object" || step % 3 === 0) {
      if (addKey) (node as Record<string, unknown>)[`extra${step}`] = value;
      else (node as Record<string, unknown>)[key] = value;
      return copy;
    }
    node = child;
  }
  return copy;
}

describe("fastParseRequest agrees with DoseRequestSchema", () => {
  test("on the fixtures as they are", () => {
    for (const r of [tilRequest(), monoRequest(), tilRequest({ version: "1.0.0" }), monoRequest({ version: "1.0.0" })]) {
      const zod = DoseRequestSchema.safeParse(r);
      expect(zod.success).toBe(true);
      expect(isDeepStrictEqual(fastParseRequest(r), zod.data)).toBe(true);
    }
  });

  test("on 3,000 mutated requests: accepted only where zod accepts, and then identical", () => {
    fc.assert(
      fc.property(
        fc.boolean(), fc.array(fc.nat(40), { minLength: 1, maxLength: 5 }), fc.constantFrom(...VALUES), fc.boolean(),
        (til, path, value, addKey) => {
          const req = mutate(til ? tilRequest() : monoRequest(), path, value, addKey);
          const fast = fastParseRequest(req);
          const zod = DoseRequestSchema.safeParse(req);
          if (fast !== null) {
            expect(zod.success).toBe(true);
            expect(isDeepStrictEqual(fast, zod.data)).toBe(true);
          }
        },
      ),
      { seed: 8, numRuns: 3000 },
    );
  });
});
