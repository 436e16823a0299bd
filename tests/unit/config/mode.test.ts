import { describe, expect, test } from "vitest";
import { bolusMode, demoAccountRefusal, demoAccountsRefusal, demoDataAllowed } from "@/lib/config/mode";

describe("the two modes (decision 047)", () => {
  test("no DATABASE_URL and not NODE_ENV=production: the demo, with its data", () => {
    expect(bolusMode({})).toBe("demo");
    expect(bolusMode({ NODE_ENV: "development" })).toBe("demo");
    expect(demoDataAllowed({})).toBe(true);
  });
  test("DATABASE_URL set or NODE_ENV=production: production", () => {
    expect(bolusMode({ DATABASE_URL: "postgresql://db/bolus" })).toBe("production");
    expect(bolusMode({ NODE_ENV: "production" })).toBe("production");
  });
  test("production loads demo data only with BOLUS_DEMO=1", () => {
    expect(demoDataAllowed({ DATABASE_URL: "postgresql://db/bolus" })).toBe(false);
    expect(demoDataAllowed({ NODE_ENV: "production", BOLUS_DEMO: "0" })).toBe(false);
    expect(demoDataAllowed({ NODE_ENV: "production", BOLUS_DEMO: "true" })).toBe(false);
    expect(demoDataAllowed({ DATABASE_URL: "postgresql://db/bolus", BOLUS_DEMO: "1" })).toBe(true);
  });
  test("BOLUS_MODE, set by scripts/start.mjs, wins (next start sets NODE_ENV=production under the demo too)", () => {
    expect(bolusMode({ BOLUS_MODE: "demo", NODE_ENV: "production" })).toBe("demo");
    expect(bolusMode({ BOLUS_MODE: "production" })).toBe("production");
    expect(bolusMode({ BOLUS_MODE: "nonsense", NODE_ENV: "production" })).toBe("production");
  });
  test("a DATABASE_URL is production whatever BOLUS_MODE says: demo data there only with BOLUS_DEMO=1 (review of issue 11, fix 5)", () => {
    const db = "postgresql://db/bolus";
    expect(bolusMode({ DATABASE_URL: db, BOLUS_MODE: "demo" })).toBe("production");
    expect(demoDataAllowed({ DATABASE_URL: db, BOLUS_MODE: "demo" })).toBe(false);
    expect(demoDataAllowed({ DATABASE_URL: db, BOLUS_MODE: "demo", NODE_ENV: "production" })).toBe(false);
    expect(demoDataAllowed({ DATABASE_URL: db, BOLUS_MODE: "demo", BOLUS_DEMO: "1" })).toBe(true);
    // as the e2e (playwright.config.ts) and CI start it
    expect(demoDataAllowed({ DATABASE_URL: db, BOLUS_DEMO: "1", NODE_ENV: "production" })).toBe(true);
    // without a DATABASE_URL the embedded demo is unchanged
    expect(demoDataAllowed({ BOLUS_MODE: "demo", NODE_ENV: "production" })).toBe(true);
  });
  test("the refusal names the accounts and the command that removes them", () => {
    const text = demoAccountsRefusal(["admin@bolus.demo", "nurse@bolus.demo"]);
    expect(text).toContain("admin@bolus.demo, nurse@bolus.demo");
    expect(text).toContain("npm run setup:remove-demo");
  });
});

test("demoAccountRefusal: a demo-domain address is refused only where demo data is not allowed", () => {
  const prod = { DATABASE_URL: "postgresql://h/db" };
  expect(demoAccountRefusal("admin@bolus.demo", prod)).toMatch(/demo account address/);
  expect(demoAccountRefusal(" Admin@BOLUS.DEMO ", prod)).toMatch(/demo account address/);
  expect(demoAccountRefusal("admin@bolus.demo", { ...prod, BOLUS_DEMO: "1" })).toBeNull();
  expect(demoAccountRefusal("admin@bolus.demo", {})).toBeNull(); // demo mode
  expect(demoAccountRefusal("ada@hospital.example", prod)).toBeNull();
  expect(demoAccountRefusal("ada@notbolus.demo", prod)).toBeNull();
});
