// Signing in returns to the page that was asked for (issue 10, deliver 9). The guard sends a signed-out visitor to
// /login?next=<path>; after sign-in the app goes to `next` only when it is a same-origin relative path this role may
// open, else to the role's home. Pure: no I/O. docs/decisions/045-nurse-correction-window-and-return-to.md.
import { can, HOME_BY_ROLE, type Permission, type Role } from "@/lib/auth/permissions";

/** The header proxy.ts sets on every request with the path asked for (pathname + search), for the page guard. */
export const REQUESTED_PATH_HEADER = "x-bolus-path";

const BASE = "http://bolus.invalid";
const MAX_LENGTH = 2000;

/** Unsafe in any layer of a path: backslashes (browsers read them as "/"), control characters (a browser drops tabs
 * and newlines from a URL, so "/\t/evil" would become "//evil"). */
function unsafeChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return c === "\\" || code < 0x20 || code === 0x7f;
}

function unsafeLayer(s: string): boolean {
  return !s.startsWith("/") || s.startsWith("//") || [...s].some(unsafeChar);
}

/**
 * `raw` as a same-origin relative path ("/courses/…?x=1"), or null. Refuses anything a browser could resolve to
 * another origin: an absolute URL (`https:`, `javascript:`), a scheme-relative `//evil`, backslashes (`/\evil`),
 * control characters, and the same tricks percent-encoded (`/%2F%2Fevil`, `%5C`), however many times.
 * Never /login (a loop) nor /api (not a page).
 */
export function safeNextPath(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_LENGTH) return null;
  let layer = raw;
  // every decoding of the value must be safe too: a later hop (a proxy, the router) may decode once more
  for (let i = 0; i < 5; i++) {
    if (unsafeLayer(layer)) return null;
    let decoded: string;
    try {
      decoded = decodeURIComponent(layer);
    } catch {
      return null;
    }
    if (decoded === layer) break;
    layer = decoded;
    if (i === 4) return null;
  }
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = `${url.pathname}${url.search}`;
  if (unsafeLayer(path)) return null;
  if (url.pathname === "/login" || url.pathname.startsWith("/login/") || url.pathname === "/api" || url.pathname.startsWith("/api/")) return null;
  return path;
}

/**
 * The permission a page asks for, by its path (the page's own requirePageSession asks the same). A path not listed
 * is not returned to: the role's home is the answer. Add a new page here when it should be a sign-in destination.
 */
const PAGES: readonly { pattern: RegExp; permission: Permission | null }[] = [
  { pattern: /^\/board$/, permission: "course:view" },
  { pattern: /^\/courses\/new$/, permission: "course:order" },
  { pattern: /^\/courses\/[0-9a-f-]{36}$/i, permission: "course:view" },
  { pattern: /^\/reviews$/, permission: "review:sign" },
  { pattern: /^\/verifications$/, permission: "count:verify" },
  { pattern: /^\/verifications\/orders\/[0-9a-f-]{36}$/i, permission: "course:verify-order" },
  { pattern: /^\/verifications\/counts\/[0-9a-f-]{36}$/i, permission: "count:verify" },
  { pattern: /^\/admin\/access$/, permission: "access:view" },
  { pattern: /^\/admin(?:\/[A-Za-z0-9-]+)*$/, permission: "audit:view" },
  { pattern: /^\/sources$/, permission: null },
];

/** Whether `role` may open the page at `path` (a safe path, with or without a query). */
export function roleMayOpen(role: Role, path: string): boolean {
  const pathname = path.split("?")[0] ?? "";
  const page = PAGES.find((p) => p.pattern.test(pathname));
  if (!page) return false;
  return page.permission === null || can(role, page.permission);
}

/** Where sign-in sends `role`: `next` when it is safe and the role may open it, else the role's home. */
export function returnTo(next: unknown, role: Role): string {
  const path = safeNextPath(next);
  return path && roleMayOpen(role, path) ? path : HOME_BY_ROLE[role];
}

/** The sign-in page for a visitor who asked for `requested` (dropped when it is not a safe path). */
export function loginPath(requested: unknown, expired: boolean): string {
  const params = new URLSearchParams();
  if (expired) params.set("expired", "1");
  const path = safeNextPath(requested);
  if (path) params.set("next", path);
  const query = params.toString();
  return query ? `/login?${query}` : "/login";
}
