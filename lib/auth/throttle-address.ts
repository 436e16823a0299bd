// The source address of a request, for sign-in throttling (docs/decisions/052-sign-in-throttling.md). Pure: no I/O,
// no Next.js import, so the request proxy (proxy.ts) can call it as well as the sign-in action.
//
// A server action cannot see the TCP peer: Next.js only fills X-Forwarded-For with it when the request came without
// one (`??=`), so whatever a client sends there reaches us unchanged. The header is therefore believed only as far
// as the deployment says it is written by proxies of its own: TRUSTED_PROXY_HOPS = how many reverse proxies stand
// in front of the app, each appending the address it received the request from. The client's address is then the
// entry that many places from the right; everything to its left was sent by the client and is ignored.
// Unset or 0 (the default): no header is believed and every request has the one address "unknown".

export const UNKNOWN_ADDRESS = "unknown";

/** TRUSTED_PROXY_HOPS as a whole number ≥ 0 (anything else is 0: trust no header). */
export function trustedProxyHops(raw: string | undefined = process.env.TRUSTED_PROXY_HOPS): number {
  if (!raw || !/^\d{1,2}$/.test(raw.trim())) return 0;
  return Number(raw.trim());
}

/**
 * The client's address as the trusted proxies saw it, or "unknown". IPv6 addresses are cut to their /64 network
 * (one host is given a whole /64 and can rotate within it), IPv4 ones are kept whole.
 */
export function clientAddress(forwardedFor: string | null | undefined, hops: number): string {
  if (hops < 1 || !forwardedFor) return UNKNOWN_ADDRESS;
  const entries = forwardedFor.split(",").map((e) => e.trim()).filter((e) => e.length > 0);
  if (entries.length < hops) return UNKNOWN_ADDRESS;
  return normalizeAddress(entries[entries.length - hops]!) ?? UNKNOWN_ADDRESS;
}

/** "203.0.113.7", "203.0.113.7:51234", "[2001:db8::1]:443", "2001:db8:0:0:1::1" → a canonical form, or null. */
export function normalizeAddress(raw: string): string | null {
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?::\d+)?$/.exec(a);
  if (v4) {
    const parts = v4.slice(1, 5).map(Number);
    return parts.every((p) => p <= 255) ? parts.join(".") : null;
  }
  const groups = expandIpv6(a.toLowerCase());
  if (!groups) return null;
  // an IPv4-mapped IPv6 address (::ffff:a.b.c.d) is that IPv4 address
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join(".");
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(":")}::/64`;
}

/** Eight 16-bit groups of an IPv6 address (with "::" and a dotted IPv4 tail), or null. */
function expandIpv6(a: string): number[] | null {
  if (!/^[0-9a-f:.]+$/.test(a) || a.length > 45 || !a.includes(":")) return null;
  let tail: number[] = [];
  const dotted = /^(.*:)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(a);
  if (dotted) {
    const v4 = dotted[2]!.split(".").map(Number);
    if (v4.some((p) => p > 255)) return null;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    a = dotted[1]!.endsWith("::") ? dotted[1]! : dotted[1]!.slice(0, -1);
  }
  const halves = a.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === "" ? [] : s.split(":"));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if ([...head, ...rest].some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return null;
  const zeros = halves.length === 2 ? 8 - known : 0;
  return [...head.map((g) => parseInt(g, 16)), ...Array<number>(zeros).fill(0), ...rest.map((g) => parseInt(g, 16)), ...tail];
}
