// Exact decimals (moved from lib/domain/trends.ts so the handoff sheet writes the same numbers): the stored values are
// decimals (a weight 75.6, hours 4.5), so rates and percentages are computed as integer fractions and rounded half
// up, never through a binary float that could land on the wrong side of a line. Pure.
import type { DecimalLike } from "@/lib/domain/records";

export interface Ratio {
  n: number;
  d: number;
}

/** A decimal's exact value as an integer fraction ("75.6" → 756/10). */
export function ratioOf(v: DecimalLike | number): Ratio | null {
  const s = typeof v === "number" ? String(v) : v.toString();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) return null;
  const frac = m[3] ?? "";
  const n = Number(`${m[2]}${frac}`) * (m[1] ? -1 : 1);
  const d = 10 ** frac.length;
  return Number.isSafeInteger(n) ? { n, d } : null;
}

export const mulR = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.n, d: a.d * b.d });
export const divR = (a: Ratio, b: Ratio): Ratio | null => (b.n === 0 ? null : { n: a.n * b.d * Math.sign(b.n), d: a.d * Math.abs(b.n) });
export const subR = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.d - b.n * a.d, d: a.d * b.d });
/** sign of a − b */
export const cmpR = (a: Ratio, b: Ratio): number => Math.sign(a.n * b.d - b.n * a.d);

/** Rounded half away from zero to `k` decimals, as a decimal string. */
export function roundR(r: Ratio, k: number): string {
  const p = 10 ** k;
  const q = Math.floor((2 * Math.abs(r.n) * p + r.d) / (2 * r.d));
  const neg = r.n < 0 && q !== 0;
  const digits = String(q).padStart(k + 1, "0");
  const whole = digits.slice(0, digits.length - k);
  const frac = digits.slice(digits.length - k);
  return `${neg ? "-" : ""}${whole}${k ? `.${frac}` : ""}`;
}

/**
 * The value written to `decimals` places, or more when the rounding would put it on the other side of a line
 * (0.4996 mL/kg/h against 0.5 reads 0.4996, never 0.500). Up to 6 places.
 */
export function shownOf(r: Ratio, decimals: number, limits: readonly number[]): string {
  for (let k = decimals; k <= 6; k++) {
    const s = roundR(r, k);
    const rounded = ratioOf(s);
    if (!rounded) break;
    const same = limits.every((l) => {
      const lr = ratioOf(l);
      return lr === null || cmpR(r, lr) === cmpR(rounded, lr);
    });
    if (same) return s;
  }
  return roundR(r, 6);
}

