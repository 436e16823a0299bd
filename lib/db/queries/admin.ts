// The administrator's reads for people and units. Hospital-wide on purpose: the administrator manages every unit's
// staff and units, not one unit's patients (docs/decisions/048-people-and-units.md). No patient data is read here.
import "server-only";
import { prisma, type Tx } from "@/lib/db/client";
import type { AdminUnitRow, AdminUserRow, UnitClock } from "@/lib/views/admin";

type Db = Pick<Tx, "unit">;

/**
 * Every account, active ones first, by name; a lock shows only while it runs at `now`: the signature lock (User) or a
 * sign-in pause of the account's e-mail from some address (SignInCounter, docs/decisions/052), whichever ends later.
 */
export async function listUsers(now: Date): Promise<AdminUserRow[]> {
  const users = await prisma.user.findMany({
    orderBy: [{ active: "desc" }, { name: "asc" }],
    include: { assignments: { include: { unit: { select: { id: true, name: true } } } } },
  });
  const pauses = await prisma.signInCounter.findMany({ where: { waitUntil: { gt: now }, accountKey: { not: null } }, select: { email: true, waitUntil: true } });
  const pausedUntil = new Map<string, Date>();
  for (const p of pauses) if (p.email && p.waitUntil && !(p.waitUntil <= (pausedUntil.get(p.email) ?? now))) pausedUntil.set(p.email, p.waitUntil);
  const latest = (a: Date | null, b: Date | undefined) => (b && (!a || b > a) ? b : a);
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    active: u.active,
    lockedUntil: latest(u.lockedUntil && u.lockedUntil > now ? u.lockedUntil : null, pausedUntil.get(u.email.toLowerCase())),
    failedSignInCount: u.failedSignInCount,
    mustChangePassword: u.mustChangePassword,
    units: u.assignments.map((a) => a.unit).sort((a, b) => a.name.localeCompare(b.name)),
  }));
}

export async function listUnits(): Promise<AdminUnitRow[]> {
  const units = await prisma.unit.findMany({
    orderBy: { name: "asc" },
    include: { _count: { select: { patients: true, assignments: { where: { user: { active: true } } } } } },
  });
  return units.map((u) => ({ id: u.id, name: u.name, timeZone: u.timeZone, staff: u._count.assignments, patients: u._count.patients }));
}

/** The units a user works on, with the clock their screens read times on. */
export async function unitClocks(unitIds: readonly string[]): Promise<UnitClock[]> {
  if (unitIds.length === 0) return [];
  return prisma.unit.findMany({ where: { id: { in: [...unitIds] } }, orderBy: { name: "asc" }, select: { id: true, name: true, timeZone: true } });
}

/** The ids among `unitIds` that name no unit. */
export async function missingUnits(db: Db, unitIds: readonly string[]): Promise<string[]> {
  if (unitIds.length === 0) return [];
  const found = await db.unit.findMany({ where: { id: { in: [...unitIds] } }, select: { id: true } });
  const known = new Set(found.map((u) => u.id));
  return unitIds.filter((id) => !known.has(id));
}

/** The unit with this name, ignoring case ("ICU 4" and "icu 4" would be read as one unit). */
export async function unitNamed(db: Db, name: string) {
  return db.unit.findFirst({ where: { name: { equals: name, mode: "insensitive" } }, select: { id: true, name: true } });
}
