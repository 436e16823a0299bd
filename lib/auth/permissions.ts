// Who may do what: a pure table, read by guards, navigation and the authorization tests.
export const ROLES = ["nurse", "attending", "pharmacist", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  "course:view": ["nurse", "attending", "pharmacist"],
  "course:order": ["attending"],
  "course:verify-order": ["pharmacist"],
  "assessment:record": ["nurse", "attending"],
  "dose:record": ["nurse"],
  // issue 14: doses given on paper during a downtime, entered afterwards by a nurse and co-signed by a second clinician
  "dose:back-enter": ["nurse"],
  // issue 14: the TIL-vs-monotherapy quality view and its CSV export (figures across courses of the user's units)
  "quality:view": ["attending", "pharmacist", "admin"],
  "review:sign": ["attending"],
  // a nurse only her own entry, within 30 minutes of recording it: lib/domain/correction.ts correctionRefusal
  "record:mark-in-error": ["nurse", "attending"],
  "count:verify": ["pharmacist"],
  "audit:view": ["admin"],
  // who opened which patient's pages (issue 12; docs/decisions/054-access-records.md)
  "access:view": ["admin"],
  // one's own password: every role; the one thing a user who must change a temporary password may do (lib/auth/guards.ts)
  "account:password": ["nurse", "attending", "pharmacist", "admin"],
  // people and units (issue 11; docs/decisions/048-people-and-units.md)
  "user:manage": ["admin"],
  "unit:manage": ["admin"],
  // issue 11, decision 049: patients are admitted, transferred and discharged by an attending or an administrator
  // of the patient's unit; every role sees the patients of its units
  "patient:view": ["nurse", "attending", "pharmacist", "admin"],
  "patient:admit": ["attending", "admin"],
  "patient:transfer": ["attending", "admin"],
  "patient:discharge": ["attending", "admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Where a user whose password must be changed (a temporary one) is sent, whatever they asked for. */
export const CHANGE_PASSWORD_PATH = "/account/password";

/** The page each role lands on after sign-in. */
export const HOME_BY_ROLE: Record<Role, string> = {
  nurse: "/board",
  attending: "/reviews",
  pharmacist: "/verifications",
  admin: "/admin",
};

export const ROLE_LABEL: Record<Role, string> = {
  nurse: "Nurse",
  attending: "Attending physician",
  pharmacist: "Pharmacist",
  admin: "Administrator",
};
