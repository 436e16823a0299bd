import { describe, expect, test } from "vitest";
import { clientAddress, normalizeAddress, trustedProxyHops, UNKNOWN_ADDRESS } from "@/lib/auth/throttle-address";

// docs/decisions/052-sign-in-throttling.md: X-Forwarded-For is believed only as far as the trusted proxies wrote it.
describe("the client's address behind trusted proxies", () => {
  test("no trusted proxy (the default): no header is believed", () => {
    expect(trustedProxyHops(undefined)).toBe(0);
    expect(clientAddress("203.0.113.9", 0)).toBe(UNKNOWN_ADDRESS);
  });

  test("TRUSTED_PROXY_HOPS must be a small whole number; anything else trusts nothing", () => {
    expect(trustedProxyHops("1")).toBe(1);
    expect(trustedProxyHops(" 2 ")).toBe(2);
    for (const bad of ["", "-1", "1.5", "yes", "999"]) expect(trustedProxyHops(bad)).toBe(0);
  });

  test("one proxy: the rightmost entry, the one it appended; what the client sent to its left is ignored", () => {
    expect(clientAddress("203.0.113.9", 1)).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.1, 198.51.100.4", 1)).toBe("198.51.100.4");
    expect(clientAddress("1.1.1.1, 2.2.2.2, 198.51.100.4", 1)).toBe("198.51.100.4");
  });

  test("two proxies: the second entry from the right", () => {
    expect(clientAddress("spoofed, 198.51.100.4, 10.0.0.2", 2)).toBe("198.51.100.4");
    expect(clientAddress("10.0.0.2", 2)).toBe(UNKNOWN_ADDRESS); // fewer entries than proxies: not what they write
  });

  test("no header, or not an address: unknown", () => {
    expect(clientAddress(null, 1)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress("", 1)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress("evil.example", 1)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress("300.1.1.1", 1)).toBe(UNKNOWN_ADDRESS);
  });

  test("addresses are normalized: ports dropped, IPv4-mapped IPv6 is IPv4, IPv6 is its /64", () => {
    expect(normalizeAddress("203.0.113.7:51234")).toBe("203.0.113.7");
    expect(normalizeAddress("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(normalizeAddress("[2001:db8:1:2::1]:443")).toBe("2001:db8:1:2::/64");
    expect(normalizeAddress("2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(normalizeAddress("::1")).toBe("0:0:0:0::/64");
    expect(normalizeAddress("2001:db8::1::2")).toBeNull();
  });
});
