// Data of engine contract 1.1 that applies to EVERY rule-set version (protocols.md §1, §2, §4; engine-contract.md
// "Changes in contract 1.1"): the D5W dilution table and concentration range, the doses per kg a course may carry
// when its rule set lists none, and the provenance of the `pending-stop-review` finding. A rule set never
// redefines these (docs/decisions/017-engine-contract-1-1.md); institution versions inherit them too.
// Validated with zod at module load, like the rule sets.
import { z } from "zod";
import { CONFIDENCES, SOURCE_KEYS } from "../vocabulary";

const Provenance = {
  label: z.string().min(1),
  source: z.enum(SOURCE_KEYS),
  sources: z.array(z.enum(SOURCE_KEYS)).optional(),
  confidence: z.enum(CONFIDENCES),
  note: z.string().optional(),
};

const ContractDataSchema = z.strictObject({
  version: z.literal("1.1"),
  dilution: z.strictObject({
    /** D5W bag by dose: the first bag whose `maxDoseIu` is ≥ the dose (null = any larger dose). Ascending. */
    bags: z.array(z.strictObject({ maxDoseIu: z.number().int().positive().nullable(), diluentMl: z.number().positive() })).min(1),
    /** Final concentration doseMg / (doseMl + diluentMl), in range when min ≤ c ≤ max (inclusive). */
    concentrationMgMl: z.strictObject({ min: z.number().positive(), max: z.number().positive() }),
    concentrationDecimals: z.number().int().min(0).max(6),
    ...Provenance,
  }),
  /** Doses per kg a course may carry when its rule set lists none (1.0.0 and institution versions). */
  allowedDoseIuPerKg: z.array(z.strictObject({ value: z.number().int().positive(), unit: z.string(), ...Provenance })).min(1),
  pendingStopReview: z.strictObject({ criterionLabel: z.string().min(1), ...Provenance }),
}).superRefine((d, ctx) => {
  const bags = d.dilution.bags;
  bags.forEach((b, i) => {
    const prev = bags[i - 1];
    const last = i === bags.length - 1;
    if ((b.maxDoseIu === null) !== last) ctx.addIssue({ code: "custom", path: ["dilution", "bags", i], message: "only the last bag is open-ended" });
    if (prev !== undefined && prev.maxDoseIu !== null && b.maxDoseIu !== null && b.maxDoseIu <= prev.maxDoseIu) {
      ctx.addIssue({ code: "custom", path: ["dilution", "bags", i], message: "bags must be ascending" });
    }
  });
  if (d.dilution.concentrationMgMl.min > d.dilution.concentrationMgMl.max) {
    ctx.addIssue({ code: "custom", path: ["dilution", "concentrationMgMl"], message: "min above max" });
  }
});

export type ContractData = z.output<typeof ContractDataSchema>;

const DATA = {
  version: "1.1",
  dilution: {
    // The IU limits decide; the source's mg equivalents were converted at another factor and are not used.
    bags: [
      { maxDoseIu: 25_400_000, diluentMl: 25 },
      { maxDoseIu: 60_000_000, diluentMl: 50 },
      { maxDoseIu: null, diluentMl: 100 },
    ],
    concentrationMgMl: { min: 0.030, max: 0.070 },
    concentrationDecimals: 3,
    label: "D5W 25 mL up to 25.4 MIU, 50 mL up to 60 MIU, 100 mL above; final concentration 0.030–0.070 mg/mL",
    source: "PI-P",
    confidence: "stated",
    note: "PI-P / AHFS dilution table",
  },
  allowedDoseIuPerKg: [
    { value: 600_000, unit: "IU/kg", label: "600,000 IU/kg (label dose)", source: "PI-P", confidence: "stated" },
    { value: 720_000, unit: "IU/kg", label: "720,000 IU/kg (NCI TIL protocols)", source: "NCT03991741", confidence: "stated" },
  ],
  pendingStopReview: {
    criterionLabel: "Recorded stop awaiting the attending's decision",
    label: "A stop- or discontinue-tier hold not yet reviewed and not yet followed by a stop",
    source: "DUT",
    confidence: "inferred",
    note: "The engine is stateless: a stop lives in the events until the attending has decided (protocols.md §2)",
  },
} as const satisfies z.input<typeof ContractDataSchema>;

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === "object" && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Contract-wide data, validated at load (a malformed edit fails every test and the build). */
export const CONTRACT_DATA: ContractData = deepFreeze(ContractDataSchema.parse(DATA));
