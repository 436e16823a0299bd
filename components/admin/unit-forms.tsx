"use client";

import Link from "next/link";
import { createUnitAction } from "@/lib/actions/create-unit";
import { updateUnitAction } from "@/lib/actions/update-unit";
import { CreateUnitSchema, UpdateUnitSchema } from "@/lib/schemas/admin";
import type { AdminUnitRow } from "@/lib/views/admin";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ErrorSummary } from "@/components/ui/error-summary";
import { fieldProps, useActionForm } from "@/components/ui/form";

const ZONE_HINT = "Its IANA name, for example Europe/Paris or America/New_York. Every time on the unit's screens is read on this clock.";

/** The time zones the browser knows, offered while typing (the server checks the name itself). */
export function TimeZoneList({ zones }: { zones: string[] }) {
  return (
    <datalist id="time-zones">
      {zones.map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
}

export function CreateUnitForm() {
  const f = useActionForm(createUnitAction, { schema: CreateUnitSchema });
  return (
    <form {...f.formProps} aria-labelledby="create-unit-heading" className="flex flex-col gap-4 rounded-lg border border-slate-300 bg-white p-4">
      <h2 id="create-unit-heading" className="text-lg font-semibold">Create a unit</h2>
      {f.state?.ok ? (
        <Alert tone="success">
          {f.state.data.name} created; times on its screens are read in {f.state.data.timeZone}. You are assigned to it, so you can admit its
          patients; give its staff their accounts and units on the <Link href="/admin/users" className="font-semibold underline">People</Link> page.
        </Alert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Unit name" autoComplete="off" requiredMark {...fieldProps(f.fields.name)} />
        <Field label="Time zone" list="time-zones" autoComplete="off" hint={ZONE_HINT} requiredMark {...fieldProps(f.fields.timeZone)} />
      </div>
      <ErrorSummary {...f.summary} title="Not created: correct these entries" />
      <div>
        <Button type="submit" disabled={f.pending}>{f.pending ? "Creating…" : "Create unit"}</Button>
      </div>
    </form>
  );
}

export function EditUnitForm({ unit }: { unit: Pick<AdminUnitRow, "id" | "name" | "timeZone"> }) {
  const f = useActionForm(updateUnitAction, { schema: UpdateUnitSchema, id: `edit-unit-${unit.id}`, defaultValue: { unitId: unit.id, name: unit.name, timeZone: unit.timeZone } });
  return (
    <details>
      <summary className="inline-flex min-h-11 cursor-pointer items-center text-blue-800 underline">Rename or set the time zone of {unit.name}</summary>
      <form {...f.formProps} className="mt-2 flex flex-col gap-3">
        <input type="hidden" name="unitId" value={unit.id} />
        <Field label="Unit name" autoComplete="off" {...fieldProps(f.fields.name)} />
        <Field label="Time zone" list="time-zones" autoComplete="off" hint={ZONE_HINT} {...fieldProps(f.fields.timeZone)} />
        <ErrorSummary {...f.summary} title="Not saved: correct these entries" />
        {f.state?.ok ? <Alert tone="success">Unit saved.</Alert> : null}
        <div>
          <Button type="submit" disabled={f.pending}>Save unit</Button>
        </div>
      </form>
    </details>
  );
}
