import http from "node:http";
import { expect, type Page } from "@playwright/test";
import { test } from "./fixtures";
import { prisma } from "@/lib/db/client";
import { demoAccount } from "@/prisma/demo-accounts";
import { authConfig } from "@/lib/auth/config";
import { screenshot, signIn } from "./support";

// Issue 12 items 4, 5 and 6 against `next start` in Chromium (docs/decisions/053-browser-boundary.md). The server
// is started with BOLUS_ORIGIN = the base URL's origin (playwright.config.ts) and the production cookie defaults.

/** A raw HTTP request, so the Host header is exactly what the test says (a browser or Playwright would fix it). */
function raw(baseURL: string, options: { method?: string; path?: string; headers: Record<string, string> }): Promise<{ status: number; body: string }> {
  const url = new URL(options.path ?? "/login", baseURL);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: options.method ?? "GET", headers: options.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end(options.method === "POST" ? "email=x%40y.z&password=p" : undefined);
  });
}

const host = (baseURL: string) => new URL(baseURL).host;

test.describe("requests only for our own origin (item 5)", () => {
  test("a request for any other Host answers 421 Misdirected Request, before any page runs", async ({ baseURL }) => {
    expect((await raw(baseURL!, { headers: { Host: host(baseURL!) } })).status).toBe(200);
    for (const other of ["evil.example", "10.0.0.5", `localhost:${new URL(baseURL!).port}`, `${new URL(baseURL!).hostname}:1`]) {
      const res = await raw(baseURL!, { headers: { Host: other } });
      expect(res.status, other).toBe(421);
      expect(res.body).toContain("Misdirected request");
    }
  });

  test("DNS rebinding: a POST whose Origin agrees with its own (foreign) Host is refused — the configured origin decides", async ({ baseURL }) => {
    // Next.js alone compares Origin with Host and would accept this pair; proxy.ts compares both with BOLUS_ORIGIN
    const res = await raw(baseURL!, {
      method: "POST",
      headers: { Host: "rebind.evil.example", Origin: "http://rebind.evil.example", "Next-Action": "0".repeat(40), "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(421);
  });

  test("a forwarded host does not name the origin unless a trusted proxy is configured: its Origin is refused", async ({ baseURL }) => {
    const res = await raw(baseURL!, {
      method: "POST",
      headers: { Host: host(baseURL!), "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https", Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(403);
    expect(res.body).toContain("missing or foreign Origin");
  });

  test("in the browser, the same server under another name (localhost for 127.0.0.1) is refused", async ({ page, baseURL }) => {
    const other = new URL(baseURL!);
    other.hostname = other.hostname === "localhost" ? "127.0.0.1" : "localhost";
    const res = await page.goto(`${other.origin}/login`);
    expect(res?.status()).toBe(421);
  });
});

test.describe("sessions end on screen too (item 4)", () => {
  test("the session cookie is __Host-, Secure, httpOnly, SameSite=Lax and ends with the browser (no expiry)", async ({ page }) => {
    await signIn(page, "nurse");
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === "__Host-bolus_session");
    expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: "Lax", path: "/", expires: -1 });
    expect(cookies.find((c) => c.name === "bolus_session")).toBeUndefined();
    // the activity cookie the idle timer reads, renewed by the first request that carries the session: readable by
    // the page, no secret in it, prefixed the same way
    await page.goto("/patients");
    const seen = (await page.context().cookies()).find((c) => c.name === "__Host-bolus_seen");
    expect(seen).toMatchObject({ secure: true, httpOnly: false, path: "/", expires: -1 });
    expect(seen!.value).toMatch(/^\d+$/);
  });

  test("sign-out sends Clear-Site-Data: the browser drops this site's cookies and storage", async ({ page }) => {
    await signIn(page, "nurse");
    await page.evaluate(() => {
      localStorage.setItem("left-behind", "patient list");
      sessionStorage.setItem("left-behind", "patient list");
      document.cookie = "left-behind=1; path=/";
    });
    const answer = page.waitForResponse((r) => r.url().endsWith("/api/auth/sign-out"));
    await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
    expect(await (await answer).headerValue("clear-site-data")).toBe('"cache", "cookies", "storage"');
    await expect(page).toHaveURL(/\/login$/);
    expect(await page.evaluate(() => [localStorage.getItem("left-behind"), document.cookie])).toEqual([null, ""]);
    expect(await page.context().cookies()).toEqual([]);
  });

  test("an idle page warns a minute before, can stay, and then returns to sign-in by itself", async ({ page }) => {
    const nurse = await prisma.user.findUniqueOrThrow({ where: { email: demoAccount("nurse").email } });
    // the page's clock is Playwright's, so "fourteen minutes later" needs no waiting; the server keeps the wall clock
    await page.clock.install();
    await signIn(page, "nurse");
    const session = await prisma.session.findFirstOrThrow({ where: { userId: nurse.id, endedAt: null }, orderBy: { createdAt: "desc" } });
    const clearAfter = authConfig.idleMinutes * 60 - authConfig.touchSeconds; // 14 minutes with the defaults
    const warning = page.getByRole("alertdialog", { name: "Still there?" });
    await expect(warning).toBeHidden();
    // the timer runs from when the page's script started it: move the clock only after that
    await expect(page.locator('form[data-idle-timer="armed"]')).toHaveCount(1);

    await page.clock.fastForward((clearAfter - 59) * 1000);
    await expect(warning).toBeVisible();
    await expect(warning).toContainText("signs you out in");
    await screenshot(page, "idle-warning");
    // answering reaches the server (a refresh of the page's data), which is what keeps the session alive
    await warning.getByRole("button", { name: "Stay signed in" }).click();
    await expect(warning).toBeHidden();
    await expect(page).toHaveURL(/\/board$/);

    // typing and moving the mouse never reach the server: they do not hold the page open
    await page.clock.fastForward((clearAfter - 59) * 1000);
    await expect(warning).toBeVisible();
    await page.mouse.move(10, 10);
    await page.keyboard.press("Shift");
    await page.clock.fastForward(60 * 1000);
    await expect(page).toHaveURL(/\/login\?expired=1$/);
    await expect(page.getByText("Your session has ended. Sign in again to continue.")).toBeVisible();
    await expect(page.getByRole("banner")).toHaveCount(0);
    await screenshot(page, "idle-signed-out");
    // ended on the server as an idle timeout, the cookie gone
    expect(await prisma.session.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ endReason: "idle-timeout" });
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain("__Host-bolus_session");
  });
});

test.describe("Content Security Policy without 'unsafe-inline' for scripts (item 6)", () => {
  const scriptSrc = (csp: string) => csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src ")) ?? "";

  test("every response has its own nonce, with 'strict-dynamic', base-uri/object-src/frame-ancestors 'none', and the page's scripts carry it", async ({ request, baseURL }) => {
    const [a, b] = [await request.get(`${baseURL}/login`), await request.get(`${baseURL}/login`)];
    const nonces = [a, b].map((res) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(res.headers()["content-security-policy"] ?? "")?.[1]);
    expect(nonces[0]).toBeTruthy();
    expect(nonces[0]).not.toBe(nonces[1]);
    const csp = a.headers()["content-security-policy"]!;
    expect(scriptSrc(csp)).toBe(`script-src 'self' 'nonce-${nonces[0]}' 'strict-dynamic'`);
    expect(csp).not.toContain("unsafe-eval");
    for (const d of ["base-uri 'none'", "object-src 'none'", "frame-ancestors 'none'"]) expect(csp).toContain(d);
    // Next.js put this response's nonce on its scripts; none is without it
    const html = await a.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((s) => !s.includes(`nonce="${nonces[0]}"`))).toEqual([]);
  });

  async function violations(page: Page) {
    return page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  }

  test("an inline script and an inline event handler injected into a served page do not run, while the page's own scripts do", async ({ page }) => {
    await page.addInitScript(() => {
      const w = window as unknown as { __violations: string[]; __injected: string[] };
      w.__violations = [];
      w.__injected = [];
      document.addEventListener("securitypolicyviolation", (e) => w.__violations.push(e.blockedURI === "eval" ? "eval" : e.effectiveDirective));
    });
    await signIn(page, "nurse");
    // As if a stored value had slipped into the HTML unescaped: the served page, with its real headers (the CSP and
    // its nonce), gets an inline <script> and an onerror= attribute written into its body before the browser parses it.
    await page.route("**/patients", async (route) => {
      if (route.request().resourceType() !== "document") return route.continue();
      const response = await route.fetch();
      const html = (await response.text()).replace(
        "</body>",
        `<script>window.__injected.push("inline script")</script><img src="data:," alt="" onerror="window.__injected.push('event handler')"></body>`,
      );
      expect(html).toContain("inline script");
      await route.fulfill({ response, body: html });
    });
    const res = await page.goto("/patients");
    expect(res?.headers()["content-security-policy"]).toContain("'strict-dynamic'");
    await expect.poll(() => violations(page)).toEqual(expect.arrayContaining(["script-src-elem", "script-src-attr"]));
    expect(await page.evaluate(() => (window as unknown as { __injected: string[] }).__injected)).toEqual([]);
    // the page's own scripts ran on that same page: React hydrated it (its keys are on the DOM), and nothing else was
    // refused. The eval refusal is zod probing `new Function` once inside a try: eval stays forbidden.
    await expect.poll(() => page.evaluate(() => Object.keys(document.querySelector("main") ?? {}).some((k) => k.startsWith("__react")))).toBe(true);
    expect((await violations(page)).filter((v) => v !== "eval").sort()).toEqual(["script-src-attr", "script-src-elem"]);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  });
});
