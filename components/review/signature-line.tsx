import { formatClock } from "@/lib/format";

/**
 * The signature manifestation (21 CFR Part 11 §11.50): who signed, when (in the unit's time zone), and what the
 * signature means, shown together wherever the signed record is shown.
 */
export function SignatureLine({ name, signedAt, meaning, timeZone, now }: { name: string; signedAt: Date; meaning: string; timeZone: string; now: Date }) {
  return (
    <p className="text-sm">
      <span aria-hidden="true">✍ </span>
      Signed by <span className="font-semibold">{name}</span> at{" "}
      <time dateTime={signedAt.toISOString()}>{formatClock(signedAt, timeZone, now)}</time>. Meaning: “{meaning}”
    </p>
  );
}
