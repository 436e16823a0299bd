// Client-safe helpers for the forms (components/ui/form.tsx). No server code, no React.
import { z } from "zod";

/**
 * A name the action reads with `form.getAll` (several checkboxes). In the browser Conform hands the schema one
 * string for a single checked box and an array for several; the action always has an array. This makes both one.
 */
export function listField<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), schema);
}
