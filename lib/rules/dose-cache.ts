// The dose of a course is the same on every request (locked dosing weight, dose per kg): its exact arithmetic
// (doseNumbers, with BigInt on the dilution step) is computed once per rule-set arithmetic and (weight, dose per kg)
// and kept in a small bounded cache (docs/decisions/016-engine-performance.md). Pure: the cache only remembers
// results of a pure function; entries are frozen.
import { doseNumbers, type DoseArithmetic, type DoseNumbers } from "./arithmetic";

const CACHE = new WeakMap<DoseArithmetic, Map<string, Readonly<DoseNumbers>>>();
const MAX_ENTRIES = 512;

export function cachedDoseNumbers(weightKg: number, perKg: number, arithmetic: DoseArithmetic): Readonly<DoseNumbers> {
  let m = CACHE.get(arithmetic);
  if (m === undefined) CACHE.set(arithmetic, (m = new Map()));
  const key = `${weightKg}|${perKg}`;
  let d = m.get(key);
  if (d === undefined) {
    if (m.size >= MAX_ENTRIES) m.clear();
    d = Object.freeze(doseNumbers(weightKg, perKg, arithmetic));
    m.set(key, d);
  }
  return d;
}
