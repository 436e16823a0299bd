// Server actions read cookies and headers through next/headers, which only exist inside a Next.js request.
// Integration tests call actions directly, so this module stands in for that request: a real cookie jar per
// simulated browser, real headers. The database, the actions and the guards are the real ones.
//
// Which browser a call sees is fixed when the call starts, never read later: `asBrowser(b, call)` (and `together`,
// which starts several calls at once) binds every cookies()/headers() inside `call` to `b` through
// AsyncLocalStorage, so calls that interleave on the database each keep their own session. Outside such a binding
// the browser last chosen with `useBrowser` answers, as a tab the tester is looking at.
import { AsyncLocalStorage } from "node:async_hooks";
import { vi } from "vitest";

interface Cookie {
  name: string;
  value: string;
  options?: Record<string, unknown>;
}

export class Browser {
  readonly jar = new Map<string, Cookie>();
  headers: Record<string, string> = { "x-forwarded-proto": "http", origin: "http://127.0.0.1:3100", host: "127.0.0.1:3100" };
  cookie(name: string): Cookie | undefined {
    return this.jar.get(name);
  }
}

let current = new Browser();
const bound = new AsyncLocalStorage<Browser>();

/** Makes `browser` the one whose cookies and headers the next action calls see (outside `asBrowser`). */
export function useBrowser(browser: Browser): Browser {
  current = browser;
  return browser;
}

export function freshBrowser(): Browser {
  return useBrowser(new Browser());
}

/** Runs `call` as `browser`: every cookies()/headers() it reads, however late, is that browser's. */
export function asBrowser<T>(browser: Browser, call: () => T): T {
  return bound.run(browser, call);
}

/**
 * Starts every call before awaiting any, each bound to its own browser, so they interleave on the database as
 * simultaneous requests from different sessions do.
 */
export function together<T>(calls: { browser: Browser; run: () => Promise<T> }[]): Promise<T[]> {
  return Promise.all(calls.map(({ browser, run }) => asBrowser(browser, run)));
}

/** The browser a request started now belongs to. */
function requestBrowser(): Browser {
  return bound.getStore() ?? current;
}

function cookieStore(browser: Browser) {
  return {
    get: (name: string) => browser.jar.get(name),
    getAll: () => [...browser.jar.values()],
    has: (name: string) => browser.jar.has(name),
    set: (name: string, value: string, options?: Record<string, unknown>) => {
      browser.jar.set(name, { name, value, ...(options ? { options } : {}) });
    },
    // next/headers takes a name or the cookie's options ({ name, path, secure, … }: how a __Host- cookie is deleted)
    delete: (cookie: string | { name: string }) => {
      browser.jar.delete(typeof cookie === "string" ? cookie : cookie.name);
    },
  };
}

vi.mock("next/headers", () => ({
  cookies: async () => cookieStore(requestBrowser()),
  headers: async () => new Headers(requestBrowser().headers),
}));

vi.mock("next/cache", () => ({
  revalidatePath: () => undefined,
  revalidateTag: () => undefined,
}));

/** Runs an action that ends in `redirect()`, returning the target (or the action's own result). */
export async function followRedirect<T>(call: () => Promise<T>): Promise<{ redirectedTo: string } | { result: T }> {
  try {
    return { result: await call() };
  } catch (e) {
    const digest = (e as { digest?: string }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) {
      return { redirectedTo: digest.split(";")[2] ?? "" };
    }
    throw e;
  }
}

/**
 * A new simulated browser holding a real session for `user` (a Session row and the cookie, as sign-in makes).
 * By default the session has already given its first signature (Session.firstSignedAt, docs/decisions/055), so a
 * signature asks for the password only, as every later one in a session does; `{ firstSignature: "due" }` gives a
 * session as sign-in leaves it, whose first signature must also give the user id.
 */
export async function signedInBrowser(user: { id: string }, options: { firstSignature?: "given" | "due" } = {}): Promise<Browser> {
  const { prisma } = await import("@/lib/db/client");
  const { createSession } = await import("@/lib/auth/session");
  const { SESSION_COOKIE } = await import("@/lib/auth/config");
  const clock = await import("@/lib/clock");
  const browser = freshBrowser();
  const { token } = await prisma.$transaction(async (tx) => {
    const made = await createSession(tx, user.id, clock.now());
    if (options.firstSignature !== "due") await tx.session.updateMany({ where: { userId: user.id, firstSignedAt: null, endedAt: null }, data: { firstSignedAt: clock.now() } });
    return made;
  });
  browser.jar.set(SESSION_COOKIE, { name: SESSION_COOKIE, value: token });
  return browser;
}

/** FormData from a plain object (arrays become repeated fields). */
export function formOf(fields: Record<string, string | number | boolean | string[] | undefined>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) v.forEach((x) => f.append(k, x));
    else f.set(k, String(v));
  }
  return f;
}
