// The demo sign-ins (also printed in the README). Only ever loaded into an empty database.
export const DEMO_PASSWORD_NOTE = "Demo accounts: change or remove them before any real use.";

export const DEMO_ACCOUNTS = [
  { role: "nurse", email: "nurse@bolus.demo", name: "Nora Nurse", password: "bolus-nurse-demo" },
  { role: "attending", email: "attending@bolus.demo", name: "Dr Ada Attending", password: "bolus-attending-demo" },
  { role: "pharmacist", email: "pharmacist@bolus.demo", name: "Phil Pharmacist", password: "bolus-pharmacist-demo" },
  { role: "admin", email: "admin@bolus.demo", name: "Alex Admin", password: "bolus-admin-demo" },
] as const;

export type DemoRole = (typeof DEMO_ACCOUNTS)[number]["role"];

export function demoAccount(role: DemoRole) {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!account) throw new Error(`no demo account for ${role}`);
  return account;
}
