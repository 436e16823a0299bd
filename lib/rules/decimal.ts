// Exact rational arithmetic for threshold comparisons. A JSON number is read through its shortest decimal
// string (82.4 → 824/10), so `250 mL / 8 h / 82.4 kg < 0.5` and `weight +15 %` are decided without
// floating-point drift. Small values stay in safe-integer `number`s; anything larger falls back to BigInt.

interface SmallRational { readonly n: number; readonly d: number }
interface BigRational { readonly n: bigint; readonly d: bigint }
/** n / d with d > 0. Not reduced. */
export type Rational = SmallRational | BigRational;

const isSmall = (r: Rational): r is SmallRational => typeof r.n === "number";
const safe = Number.isSafeInteger;

function toBig(r: Rational): BigRational {
  return isSmall(r) ? { n: BigInt(r.n), d: BigInt(r.d) } : r;
}

function make(n: bigint, d: bigint): Rational {
  if (d < 0n) { n = -n; d = -d; }
  const sn = Number(n), sd = Number(d);
  if (safe(sn) && safe(sd)) return { n: sn, d: sd };
  return { n, d };
}

const POW10_BIG: bigint[] = [];
function pow10Big(k: number): bigint {
  let p = POW10_BIG[k];
  if (p === undefined) { p = 10n ** BigInt(k); POW10_BIG[k] = p; }
  return p;
}

/** The exact decimal value of a finite number's shortest round-trip string (String(0.1) = "0.1" → 1/10). */
export function fromNumber(x: number): Rational {
  if (safe(x)) return { n: x, d: 1 };
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${String(x)}`);
  // Fast path for up to 6 decimals. Below 1e9 the doubles are closer together than 1e-6, so the one decimal with
  // ≤ 6 places that round-trips to x is the value of its shortest string: the result equals the slow path's.
  if (x > -1e9 && x < 1e9) {
    for (let k = 1, p = 10; k <= 6; k++, p *= 10) {
      const v = Math.round(x * p);
      if (v / p === x) return { n: v, d: p };
    }
  }
  return fromDecimalString(String(x));
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parses "12", "-0.5", "1.5e+21", "1e-7" exactly. */
export function fromDecimalString(s: string): Rational {
  const m = DECIMAL.exec(s.trim());
  if (m === null || ((m[2] ?? "") === "" && (m[3] ?? "") === "")) throw new RangeError(`not a decimal: ${s}`);
  const sign = m[1] === "-" ? -1n : 1n;
  const intPart = m[2] ?? "";
  const frac = m[3] ?? "";
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  const digits = BigInt((intPart + frac) || "0");
  const scale = frac.length - exp; // value = digits × 10^-scale
  if (scale >= 0) return make(sign * digits, pow10Big(scale));
  return make(sign * digits * pow10Big(-scale), 1n);
}

export function fromInt(n: number): Rational {
  return { n, d: 1 };
}

export function mul(a: Rational, b: Rational): Rational {
  if (isSmall(a) && isSmall(b)) {
    const n = a.n * b.n, d = a.d * b.d;
    if (safe(n) && safe(d)) return { n, d };
  }
  const x = toBig(a), y = toBig(b);
  return make(x.n * y.n, x.d * y.d);
}

export function div(a: Rational, b: Rational): Rational {
  if (b.n === 0 || b.n === 0n) throw new RangeError("division by zero");
  if (isSmall(a) && isSmall(b)) {
    const n = a.n * b.d, d = a.d * b.n;
    if (safe(n) && safe(d)) return d < 0 ? { n: -n, d: -d } : { n, d };
  }
  const x = toBig(a), y = toBig(b);
  return make(x.n * y.d, x.d * y.n);
}

export function sub(a: Rational, b: Rational): Rational {
  if (isSmall(a) && isSmall(b)) {
    const l = a.n * b.d, r = b.n * a.d, d = a.d * b.d;
    if (safe(l) && safe(r) && safe(d) && safe(l - r)) return { n: l - r, d };
  }
  const x = toBig(a), y = toBig(b);
  return make(x.n * y.d - y.n * x.d, x.d * y.d);
}

export function add(a: Rational, b: Rational): Rational {
  if (isSmall(a) && isSmall(b)) {
    const l = a.n * b.d, r = b.n * a.d, d = a.d * b.d;
    if (safe(l) && safe(r) && safe(d) && safe(l + r)) return { n: l + r, d };
  }
  const x = toBig(a), y = toBig(b);
  return make(x.n * y.d + y.n * x.d, x.d * y.d);
}

/** -1, 0 or 1 as a <, =, > b. Exact. */
export function cmp(a: Rational, b: Rational): -1 | 0 | 1 {
  if (isSmall(a) && isSmall(b)) {
    const l = a.n * b.d, r = b.n * a.d;
    // A product above 2^53 rounds to a value ≥ 2^53, so isSafeInteger is an exact guard.
    if (safe(l) && safe(r)) return l < r ? -1 : l > r ? 1 : 0;
  }
  const x = toBig(a), y = toBig(b);
  const l = x.n * y.d, r = y.n * x.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** ⌊n / d⌋ for safe integers with d > 0 and |n| + d safe; the float quotient is corrected to be exact. */
function floorDivSmall(n: number, d: number): number {
  let q = Math.floor(n / d);
  if (q * d > n) q--;
  else if ((q + 1) * d <= n) q++;
  return q;
}

function floorDivBig(n: bigint, d: bigint): bigint {
  const q = n / d;
  return (n % d !== 0n && (n < 0n) !== (d < 0n)) ? q - 1n : q;
}

/** Rounds half away from zero to `decimals` places; returns the nearest double to that decimal. */
export function roundToNumber(r: Rational, decimals: number): number {
  if (isSmall(r) && decimals <= 15) {
    const p = 10 ** decimals;
    const num = Math.abs(r.n) * p * 2 + r.d, den = r.d * 2;
    if (safe(num) && safe(num + den)) {
      const q = floorDivSmall(num, den);
      const signed = r.n < 0 ? -q : q;
      // Both are exact doubles, so the quotient is the double nearest the decimal signed / 10^decimals.
      return signed / p;
    }
  }
  const x = toBig(r);
  const p = pow10Big(decimals);
  const neg = x.n < 0n;
  const absN = neg ? -x.n : x.n;
  const q = floorDivBig(absN * p * 2n + x.d, x.d * 2n);
  const s = Number(neg ? -q : q);
  return decimals === 0 ? s : Number(`${s}e-${decimals}`);
}

/** Smallest integer ≥ r. */
export function ceilToNumber(r: Rational): number {
  if (isSmall(r) && safe(Math.abs(r.n) + r.d)) return -floorDivSmall(-r.n, r.d);
  const x = toBig(r);
  return Number(-floorDivBig(-x.n, x.d));
}

export function toNumber(r: Rational): number {
  return isSmall(r) ? r.n / r.d : Number(r.n) / Number(r.d);
}

/**
 * A number for display that rounds to `decimals` places but never lands on the wrong side of `limit`
 * (0.4999… against 0.5 is shown as 0.4999, not 0.5). Up to 10 places, then the plain double.
 */
export function displayNumber(r: Rational, decimals: number, limit?: Rational): number {
  const want = limit === undefined ? 0 : cmp(r, limit);
  for (let k = decimals; k <= 10; k++) {
    const shown = roundToNumber(r, k);
    if (limit === undefined || cmp(fromNumber(shown), limit) === want) return shown;
  }
  return toNumber(r);
}
