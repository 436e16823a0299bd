// Free text that will be stored. PostgreSQL cannot store the NUL character (U+0000) in text or jsonb, so it is
// refused with a sentence instead of failing at the database as an internal error.
export const NUL_MESSAGE = "Remove the invisible control character (NUL) from this text: it cannot be stored.";
export const storable = (v: string | undefined | null): boolean => !v || !v.includes("\u0000");
