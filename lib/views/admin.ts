// What the administrator's screens for people and units show (docs/decisions/048-people-and-units.md).

export interface AdminUnitRef {
  id: string;
  name: string;
}

export interface AdminUserRow {
  id: string;
  name: string;
  email: string;
  /** lib/auth/permissions.ts Role; the screen names it with ROLE_LABEL */
  role: "nurse" | "attending" | "pharmacist" | "admin";
  active: boolean;
  /** the sign-in lock or slow-down still running, or null */
  lockedUntil: Date | null;
  /** failed password entries in a row, counting toward the lock */
  failedSignInCount: number;
  mustChangePassword: boolean;
  units: AdminUnitRef[];
}

export interface AdminUnitRow {
  id: string;
  name: string;
  timeZone: string;
  /** active users assigned to it */
  staff: number;
  /** patients on it (discharged included: the record stays) */
  patients: number;
}

/** A unit whose clock a page reads times on: "Times in Europe/Paris". */
export interface UnitClock {
  id: string;
  name: string;
  timeZone: string;
}

export const userStatusText = (u: Pick<AdminUserRow, "active" | "lockedUntil" | "mustChangePassword">): string =>
  !u.active ? "Deactivated" : u.lockedUntil ? "Locked" : u.mustChangePassword ? "Active · temporary password" : "Active";
