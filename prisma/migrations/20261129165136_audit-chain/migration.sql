/*
  Warnings:

  - A unique constraint covering the columns `[prevHash]` on the table `AuditEvent` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_prevHash_key" ON "AuditEvent"("prevHash");

-- ---------------------------------------------------------------------------------------------------------------
-- Hand-written below (docs/decisions/040-tamper-evident-audit.md). Prisma does not model functions or triggers;
-- it neither creates nor drops them.
-- ---------------------------------------------------------------------------------------------------------------

-- The one definition of a row's digest, used by the insert trigger and by `npm run audit:verify`.
-- Canonical form: a JSON array in a fixed order, so no field can bleed into the next and NULL differs from "null";
-- jsonb's text output is canonical (keys sorted, fixed spacing); `at` as integer epoch milliseconds (the column is
-- TIMESTAMP(3), UTC, no time zone setting involved). The version tag allows a different form later without
-- ambiguity. prevHash is part of the digest: that is what chains the rows.
CREATE FUNCTION audit_event_digest(e "AuditEvent") RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    'bolus-audit-v1'::text,
    e.id::text,
    (extract(epoch FROM e.at) * 1000)::bigint::text,
    e."actorId"::text,
    e."actorLabel",
    e.action,
    e."entityType",
    e."entityId",
    e.outcome::text,
    e.details,
    e."requestId",
    e."prevHash"
  )::text, 'UTF8')), 'hex')
$$;

-- Serialises writers of the chain. It runs BEFORE the statement's rows are formed, that is before the id default
-- (nextval) is evaluated, and the lock is held until commit or rollback: ids are therefore drawn in chain order,
-- and the next writer's trigger sees this row committed. Key 418581342580 = 'audit' in ASCII (0x6175646974).
CREATE FUNCTION audit_event_chain_lock() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(418581342580);
  RETURN NULL;
END
$$;

-- Links each new row to the row with the highest id and computes its hash. Whatever the app sent for prevHash
-- and hash is overwritten. Volatile and READ COMMITTED (the default): its query takes a fresh snapshot after the
-- lock is granted, so it sees the previous writer's committed row. Under REPEATABLE READ/SERIALIZABLE the
-- snapshot may be older than the lock: two rows would then claim the same predecessor, and the unique index on
-- "prevHash" refuses the second insert instead of letting the chain fork.
CREATE FUNCTION audit_event_chain() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
  head_id bigint;
  head_hash text;
BEGIN
  -- already held since the statement trigger; taken again (re-entrant) so the row trigger never runs unlocked
  PERFORM pg_advisory_xact_lock(418581342580);
  SELECT id, hash INTO head_id, head_hash FROM "AuditEvent" ORDER BY id DESC LIMIT 1;
  IF head_id IS NOT NULL AND NEW.id <= head_id THEN
    -- only an explicit id can do this; the verifier relies on id order being chain order
    RAISE EXCEPTION 'AuditEvent id % is not above the chain head %', NEW.id, head_id;
  END IF;
  NEW."prevHash" := CASE WHEN head_id IS NULL THEN repeat('0', 64) ELSE head_hash END;
  NEW.hash := audit_event_digest(NEW);
  RETURN NEW;
END
$$;

CREATE FUNCTION audit_event_append_only() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege', HINT = 'Audit rows are never changed or removed; record a new event instead.';
END
$$;

-- Rows written before this migration join the chain now, in id order (they were not protected before it).
DO $$
DECLARE
  r "AuditEvent";
  prev text := repeat('0', 64);
BEGIN
  FOR r IN SELECT * FROM "AuditEvent" ORDER BY id LOOP
    r."prevHash" := prev;
    prev := audit_event_digest(r);
    UPDATE "AuditEvent" SET "prevHash" = r."prevHash", hash = prev WHERE id = r.id;
  END LOOP;
END
$$;

CREATE TRIGGER audit_event_chain_lock BEFORE INSERT ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_chain_lock();
CREATE TRIGGER audit_event_chain BEFORE INSERT ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION audit_event_chain();
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();

-- ALWAYS: the triggers fire even under session_replication_role = replica, so bypassing them takes an explicit
-- ALTER TABLE … DISABLE TRIGGER (table owner or superuser), not a session setting.
ALTER TABLE "AuditEvent" ENABLE ALWAYS TRIGGER audit_event_chain_lock;
ALTER TABLE "AuditEvent" ENABLE ALWAYS TRIGGER audit_event_chain;
ALTER TABLE "AuditEvent" ENABLE ALWAYS TRIGGER audit_event_append_only;
ALTER TABLE "AuditEvent" ENABLE ALWAYS TRIGGER audit_event_no_truncate;
