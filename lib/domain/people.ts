// Who may be switched off, and which clock a unit may read: the administrator's rules for people and units, pure.
// docs/decisions/048-people-and-units.md.

export interface AdminSubject {
  id: string;
  role: string;
  active: boolean;
}

/**
 * Why this change to a user would leave the hospital without an administrator (or lock the actor out), or null.
 * `activeAdminIds` are the active administrators now, read under lock. `change` is what the action would do to
 * `target`: deactivate, or give them another role.
 */
export function adminChangeRefusal(
  actorId: string,
  target: AdminSubject,
  change: { kind: "deactivate" } | { kind: "role"; role: string },
  activeAdminIds: readonly string[],
): string | null {
  if (change.kind === "deactivate" && target.id === actorId) return "You cannot deactivate your own account: ask another administrator.";
  if (change.kind === "role" && target.id === actorId && change.role !== "admin") return "You cannot take the administrator role from your own account: ask another administrator.";
  const losesAdmin = target.role === "admin" && target.active && (change.kind === "deactivate" || change.role !== "admin");
  if (losesAdmin && activeAdminIds.filter((id) => id !== target.id).length === 0) {
    return "This is the last active administrator: make another administrator first, so someone can still administer Bolus.";
  }
  return null;
}

let zones: Set<string> | null = null;

/** True for an IANA time zone name this runtime knows ("Europe/Paris", "UTC"); the exact spelling is required. */
export function isTimeZone(name: string): boolean {
  zones ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);
  if (zones.has(name)) return true;
  // the list holds canonical names only: an alias ("America/Argentina/Buenos_Aires") the runtime resolves is accepted,
  // spelled as IANA spells it (Area/Location, capitalised)
  if (!/^[A-Z][A-Za-z_]+(\/[A-Z][A-Za-z0-9_+-]*)+$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const TIME_ZONE_MESSAGE = "Enter a time zone by its IANA name, for example Europe/Paris or America/New_York.";
