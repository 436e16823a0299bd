// The two database roles of a production deployment (docs/operations-roles.md, docs/decisions/051):
//   owner — owns the schema, runs the migrations (MIGRATION_DATABASE_URL); the only role that could disable the
//           audit triggers or replace their functions, and it is not the role the app runs as.
//   app   — what the app runs as (DATABASE_URL): SELECT everywhere, INSERT where the app writes, UPDATE only in the
//           columns corrections and status changes need, DELETE only on unit assignments and the sign-in rate limit
//           (a bucket, not a record), and on "AuditEvent" only SELECT and INSERT. No DDL, owns nothing, not a member
//           of the owner.
//
//   npm run db:roles -- --create [--owner bolus_owner] [--app bolus_app]   as a superuser/DBA, once: makes both roles
//                                                                           and gives the database to the owner
//   npm run db:roles [-- --app bolus_app]     as the owner, after every `npm run db:deploy`: the grants, then a check
//   npm run db:roles -- --check [--app …]     only the check (exit 1 when the app role can do more than it should)
// Connects with MIGRATION_DATABASE_URL, else DATABASE_URL. PostgreSQL only: the embedded PGlite has one user.
import { pathToFileURL } from "node:url";
import pg from "pg";

/** What the app may change, table by table. Every table of the schema must be here (tests/integration/audit-roles). */
export const APP_GRANTS: Record<string, { insert: boolean; update?: readonly string[]; delete?: boolean }> = {
  Unit: { insert: true, update: ["name", "timeZone"] }, // update-unit
  User: {
    insert: true,
    // sign-in counters and lock (sign-in, lockout, signature, unlock-user), password change and reset,
    // activation (set-user-active, setup), role (update-user; OIDC claims mode), the OIDC link (lib/auth/oidc.ts)
    update: ["failedSignInCount", "lockedUntil", "passwordHash", "mustChangePassword", "passwordChangedAt", "active", "role", "oidcIssuer", "oidcSubject"],
  },
  UnitAssignment: { insert: true, delete: true }, // update-user replaces a user's units
  Session: { insert: true, update: ["lastSeenAt", "endedAt", "endReason", "firstSignedAt"] }, // + the first signature (decision 055)
  Patient: { insert: true, update: ["unitId", "dischargedAt"] }, // transfer, discharge, discharge in error (re-opens)
  PatientMovement: { insert: true }, // append only: a discharge in error is a row of its own (correctsId inserted, never updated)
  Course: {
    insert: true,
    // verify-order, amend-course (weights, TIL target), move-course-rule-set, approve-cycle-2, review-hold (closed)
    update: [
      "status", "version", "weightVerifiedById", "weightVerifiedAt", "dosingWeightKg", "baselineWeightKg", "targetSbpMmHg",
      "ruleSetVersion", "cycle2ApprovedById", "cycle2ApprovedAt", "cycle2ApprovalNote", "weightVerificationMeaning",
    ],
  },
  CourseAmendment: { insert: true },
  // mark-entered-in-error: a correction marks the row, it never changes its values
  Assessment: { insert: true, update: ["status", "enteredInErrorById", "enteredInErrorAt", "enteredInErrorReason"] },
  DoseEvent: { insert: true, update: ["status", "enteredInErrorById", "enteredInErrorAt", "enteredInErrorReason", "tier", "firstReviewedAt"] }, // + record-dose's tier, review-hold's firstReviewedAt
  HoldReview: { insert: true },
  DoseCountVerification: { insert: true },
  // sign-in failure counters (decision 052): counted, paused, summed up, cleared by an administrator's unlock
  SignInCounter: { insert: true, update: ["failures", "windowStart", "lastFailureAt", "waitUntil", "lastSuccessAt", "refused", "refusedSince", "email", "address"] },
  // the shared per-address sign-in rate limit (decision 058): a bucket per address, taken and forgotten; not a record
  SignInRate: { insert: true, update: ["tokens", "at", "refused", "refusedSince", "released", "releasedSince"], delete: true },
  AccessEvent: { insert: true }, // who looked at what: append only (its trigger refuses UPDATE and DELETE)
  AuditEvent: { insert: true }, // SELECT, INSERT only: the chain's triggers do the rest
  _prisma_migrations: { insert: false },
};

const SCHEMA = "public";
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const t = (table: string) => `${SCHEMA}.${q(table)}`;

export type RoleNames = { owner: string; app: string };

/** As a superuser or a role with CREATEROLE: both roles (LOGIN, no password: set one), the database to the owner. */
export async function createRoles(c: pg.Client, { owner, app }: RoleNames): Promise<void> {
  for (const role of [owner, app]) {
    const exists = await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
    if (!exists.rowCount) await c.query(`CREATE ROLE ${q(role)} LOGIN`);
    // whatever the role had before: nothing beyond logging in
    await c.query(`ALTER ROLE ${q(role)} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT`);
  }
  const db = (await c.query<{ d: string }>("SELECT current_database() AS d")).rows[0]!.d;
  await c.query(`ALTER DATABASE ${q(db)} OWNER TO ${q(owner)}`);
  await c.query(`ALTER SCHEMA ${SCHEMA} OWNER TO ${q(owner)}`);
  await c.query(`REVOKE ALL ON DATABASE ${q(db)} FROM ${q(app)}`);
  await c.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${q(db)} TO ${q(app)}`);
}

/** As the owner (after every migration): the app role's grants, from nothing. Returns the tables not in APP_GRANTS. */
export async function grantApp(c: pg.Client, app: string): Promise<string[]> {
  const tables = (await c.query<{ name: string }>(
    "SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY 1",
    [SCHEMA],
  )).rows.map((r) => r.name);
  const unknown = tables.filter((name) => !(name in APP_GRANTS));
  const r = q(app);
  await c.query("BEGIN");
  try {
    await c.query(`REVOKE CREATE ON SCHEMA ${SCHEMA} FROM PUBLIC`);
    await c.query(`REVOKE ALL ON SCHEMA ${SCHEMA} FROM ${r}`);
    await c.query(`GRANT USAGE ON SCHEMA ${SCHEMA} TO ${r}`);
    // REVOKE on a table also revokes its column privileges: a column removed from APP_GRANTS loses its grant here
    await c.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${SCHEMA} FROM ${r}`);
    await c.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${SCHEMA} FROM ${r}`);
    await c.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${SCHEMA} TO ${r}`);
    await c.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${SCHEMA} TO ${r}`); // nextval for bigserial ids; not setval
    for (const table of tables) {
      const g = APP_GRANTS[table] ?? { insert: true }; // a table nobody listed yet: read and append, nothing more
      if (g.insert) await c.query(`GRANT INSERT ON ${t(table)} TO ${r}`);
      if (g.update?.length) await c.query(`GRANT UPDATE (${g.update.map(q).join(", ")}) ON ${t(table)} TO ${r}`);
      if (g.delete) await c.query(`GRANT DELETE ON ${t(table)} TO ${r}`);
    }
    await c.query("COMMIT");
  } catch (e) {
    await c.query("ROLLBACK");
    throw e;
  }
  return unknown;
}

/** What the app role can do beyond its grants, in words (empty: least privilege holds). */
export async function checkApp(c: pg.Client, app: string): Promise<string[]> {
  const out: string[] = [];
  const role = (await c.query("SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication FROM pg_roles WHERE rolname = $1", [app])).rows[0];
  if (!role) return [`role ${app} does not exist`];
  for (const [k, v] of Object.entries(role)) if (v) out.push(`${app} has ${k.replace(/^rol/, "").toUpperCase()}`);
  const owners = (await c.query<{ owner: string }>(
    `SELECT DISTINCT pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1
     UNION SELECT pg_get_userbyid(p.proowner) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1
     UNION SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = $1`,
    [SCHEMA],
  )).rows.map((r) => r.owner);
  for (const owner of owners) {
    if (owner === app) out.push(`${app} owns objects in schema ${SCHEMA}: it could disable triggers or replace functions`);
    else if ((await c.query("SELECT pg_has_role($1, $2, 'MEMBER') AS m", [app, owner])).rows[0].m) out.push(`${app} is a member of ${owner}, which owns objects in schema ${SCHEMA}`);
  }
  const p = (await c.query(
    `SELECT has_schema_privilege($1, $2, 'CREATE') AS create_in_schema,
            has_any_column_privilege($1, $3, 'UPDATE') AS update_audit, has_table_privilege($1, $3, 'DELETE') AS delete_audit,
            has_table_privilege($1, $3, 'TRUNCATE') AS truncate_audit, has_table_privilege($1, $3, 'TRIGGER') AS trigger_audit,
            has_database_privilege($1, current_database(), 'CREATE') AS create_in_database`,
    [app, SCHEMA, t("AuditEvent")],
  )).rows[0] as Record<string, boolean>;
  const words: Record<string, string> = {
    create_in_schema: `CREATE on schema ${SCHEMA}`,
    update_audit: 'UPDATE "AuditEvent"',
    delete_audit: 'DELETE "AuditEvent"',
    truncate_audit: 'TRUNCATE "AuditEvent"',
    trigger_audit: 'TRIGGER "AuditEvent"',
    create_in_database: "CREATE on the database",
  };
  for (const [k, v] of Object.entries(p)) if (v) out.push(`${app} has ${words[k] ?? k}`);
  return out;
}

async function main(argv: string[]): Promise<number> {
  const opt = (name: string, fallback: string) => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
  };
  const names = { owner: opt("--owner", process.env.BOLUS_DB_OWNER_ROLE ?? "bolus_owner"), app: opt("--app", process.env.BOLUS_DB_APP_ROLE ?? "bolus_app") };
  const url = process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) {
    console.error("db:roles: set MIGRATION_DATABASE_URL (the owner, or a superuser with --create). The embedded PGlite has no roles to separate.");
    return 2;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    if (argv.includes("--create")) {
      await createRoles(c, names);
      console.log(`db:roles: roles ${names.owner} (owner, migrations) and ${names.app} (the app) exist; the database belongs to ${names.owner}. Set their passwords, migrate as ${names.owner}, then run db:roles as ${names.owner}.`);
      return 0;
    }
    if (!argv.includes("--check")) {
      const unknown = await grantApp(c, names.app);
      for (const table of unknown) console.warn(`db:roles: table "${table}" is not in APP_GRANTS (scripts/db-roles.ts): ${names.app} may only SELECT and INSERT it`);
      console.log(`db:roles: grants for ${names.app} applied`);
    }
    const problems = await checkApp(c, names.app);
    for (const p of problems) console.log(`  ${p}`);
    console.log(problems.length ? `db:roles: ${names.app} can do more than the app needs` : `db:roles: ${names.app} has least privilege (no DDL; "AuditEvent": SELECT, INSERT)`);
    return problems.length ? 1 : 0;
  } catch (e) {
    console.error(`db:roles failed: ${(e as Error).message}`);
    return 2;
  } finally {
    await c.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(await main(process.argv.slice(2)));
