// What the order-verification screen reads: plain shapes, no Prisma types. The query's rows satisfy them
// structurally (weights are Prisma decimals, read through toString()).
import type { DoseAmount, RuleSet } from "@/lib/rules";
import type { DosePreparation } from "@/lib/domain/dose-preparation";

type DecimalLike = { toString(): string };

export interface OrderVerificationView {
  course: {
    id: string;
    protocol: "til_adjunct" | "monotherapy";
    ruleSetId: string;
    ruleSetVersion: string;
    dosingWeightKg: DecimalLike;
    baselineWeightKg: DecimalLike;
    doseIuPerKg: number;
    targetSbpMmHg: number | null;
    startAt: Date | null;
    tilInfusionEndAt: Date | null;
    orderedAt: Date;
    orderedBy: { name: string };
    patient: { familyName: string; givenName: string; mrn: string; unit: { name: string; timeZone: string } };
  };
  ruleSet: RuleSet | null;
  dose: DoseAmount;
  preparation: DosePreparation | null;
}
