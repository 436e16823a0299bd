import type { AdminUnitRef } from "@/lib/views/admin";
import type { FormField } from "@/components/ui/form";
import { FieldErrorText } from "@/components/ui/field-frame";

/** Checkboxes for the units a user works on. */
export function UnitChoices({ field, units, legend, checked = [] }: { field: FormField; units: AdminUnitRef[]; legend: string; checked?: string[] }) {
  const initial = Array.isArray(field.initialValue) ? (field.initialValue as string[]) : typeof field.initialValue === "string" ? [field.initialValue] : checked;
  return (
    <fieldset aria-describedby={field.errors ? field.errorId : undefined} className="flex flex-col gap-2">
      <legend className="mb-1 font-medium">{legend}</legend>
      {units.length === 0 ? <p className="text-sm">No unit yet: create one on the units page first.</p> : null}
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        {units.map((u) => (
          <label key={u.id} className="inline-flex min-h-11 items-center gap-2">
            <input type="checkbox" name={field.name} value={u.id} defaultChecked={initial.includes(u.id)} className="size-5" />
            {u.name}
          </label>
        ))}
      </div>
      <FieldErrorText id={field.errorId} errors={field.errors} />
    </fieldset>
  );
}
