import { randomUUID } from "node:crypto";
import { prisma } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/permissions";

// Every factory makes uniquely named rows, so tests never depend on each other's data or on cleanup.
export const uid = () => randomUUID().slice(0, 8);

export async function makeUnit(name = `Unit ${uid()}`, timeZone = "UTC") {
  return prisma.unit.create({ data: { name, timeZone } });
}

const hashes = new Map<string, Promise<string>>();
function cachedHash(password: string) {
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  return hashes.get(password)!;
}

export async function makeUser(role: Role, unitIds: string[], password = "correct horse battery", overrides: { active?: boolean } = {}) {
  return prisma.user.create({
    data: {
      email: `${role}-${uid()}@test.bolus`,
      name: `Test ${role} ${uid()}`,
      role,
      passwordHash: await cachedHash(password),
      active: overrides.active ?? true,
      assignments: { create: unitIds.map((unitId) => ({ unitId })) },
    },
  });
}

export async function makePatient(unitId: string) {
  return prisma.patient.create({
    data: { mrn: `T${uid()}`, familyName: "Testperson", givenName: uid(), birthDate: new Date("1970-01-01"), unitId },
  });
}
