import { expect, test } from "@playwright/test";

// Issue 5 item 2, against the real server: mutations need this site's Origin, security headers are sent, and the
// x-middleware-subrequest header (CVE-2025-29927) bypasses nothing.
test.describe("request integrity", () => {
  test("a POST without an Origin header is refused before any action runs", async ({ request, baseURL }) => {
    const res = await request.post(`${baseURL}/login`, { headers: { "Next-Action": "0".repeat(40) }, form: { email: "x@y.z", password: "p" } });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain("missing or foreign Origin");
  });

  test("a POST from a foreign Origin is refused", async ({ request, baseURL }) => {
    const res = await request.post(`${baseURL}/login`, { headers: { Origin: "https://evil.example", "Next-Action": "0".repeat(40) }, form: { a: "b" } });
    expect(res.status()).toBe(403);
  });

  test("the real sign-in form, from the app's own page, still works (same Origin)", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("E-mail").fill("nurse@bolus.demo");
    await page.getByLabel("Password").fill("bolus-nurse-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/board$/);
  });

  test("security headers: CSP without unsafe-eval and with frame-ancestors 'none', nosniff, referrer policy", async ({ request, baseURL }) => {
    const res = await request.get(`${baseURL}/login`);
    const h = res.headers();
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(h["content-security-policy"]).not.toContain("unsafe-eval");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("same-origin"); // same-origin POSTs carry their Origin (forms without JavaScript); nothing leaves for another site
    expect(h["x-powered-by"]).toBeUndefined();
  });

  test("HSTS comes from configuration (BOLUS_HSTS), the same whatever x-forwarded-proto a client sends", async ({ request, baseURL }) => {
    // playwright.config.ts starts the server with BOLUS_HSTS="max-age=63072000; includeSubDomains" (issue 12 item 4)
    for (const headers of [{}, { "x-forwarded-proto": "https" }, { "x-forwarded-proto": "http" }] as Record<string, string>[]) {
      const res = await request.get(`${baseURL}/login`, { headers });
      expect(res.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    }
  });

  for (const value of ["middleware:middleware:middleware:middleware:middleware", "proxy:proxy:proxy:proxy:proxy", "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware"]) {
    test(`x-middleware-subrequest "${value.split(":")[0]}…" bypasses neither the session check nor the Origin check`, async ({ request, baseURL }) => {
      const page = await request.get(`${baseURL}/board`, { headers: { "x-middleware-subrequest": value }, maxRedirects: 0 });
      expect(page.status()).toBe(307);
      // proxy.ts ran (it names the page asked for) and the page's guard sent the visitor to sign in, returning there after
      const location = new URL(page.headers()["location"] ?? "", baseURL);
      expect(`${location.pathname}${location.search}`).toBe("/login?next=%2Fboard");
      const post = await request.post(`${baseURL}/board`, { headers: { "x-middleware-subrequest": value }, form: { a: "b" } });
      expect(post.status()).toBe(403);
    });
  }
});
