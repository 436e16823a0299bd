// Part 11 signature rules outside the engine (docs/decisions/055-signatures-part-11.md): the form fields a signature
// is given in, how a typed user id is compared, and the blind witness double-check of a given dose. Pure.

/** The signer's own signature: the user id (asked at the session's first signature) and the password. */
export const SIGNATURE_FIELDS = { userId: "signatureUserId", password: "password" } as const;
/** The witness's signature on a given dose: always both, and the figures they checked. */
export const WITNESS_FIELDS = { userId: "witnessUserId", password: "witnessPassword", doseIu: "witnessDoseIu", doseMl: "witnessDoseMl" } as const;

/** The password fields never handed back to a form. */
export const SECRET_FIELDS = [SIGNATURE_FIELDS.password, WITNESS_FIELDS.password];

/** A typed user id is the account's e-mail, whatever its case and surrounding spaces. */
export function sameUserId(typed: string, email: string): boolean {
  return typed.trim().toLowerCase() === email.trim().toLowerCase();
}

export const WITNESS_MEANING = "Independent double-check: dose and volume verified";

export const WITNESS_MISMATCH =
  "The witness's dose or volume does not match the prepared dose: check the syringe and label again. Nothing was recorded.";

/**
 * The blind double-check: the witness's own figures against the engine's dose — IU exactly, mL to 2 decimals (the
 * reconstituted drug, protocols.md §1). Never says which figure differs or what was expected: the witness must find
 * it on the syringe and label, not on the screen.
 */
export function witnessFiguresMatch(expected: { doseIu: number; doseMl: number }, entered: { doseIu: number; doseMl: number }): boolean {
  const hundredths = (ml: number) => Math.round(ml * 100);
  return entered.doseIu === expected.doseIu && hundredths(entered.doseMl) === hundredths(expected.doseMl);
}

/** The pharmacist's signature on an order's verification (stored on the course with name and time). */
export const VERIFY_ORDER_MEANING = "Pharmacist verification: dosing weight and dose checked against the order";

/** The pharmacist's signature on a count sign-off (stored on the verification with name and time). */
export function verifyCountsMeaning(lastEventSequence: number, countsMatch: boolean): string {
  return countsMatch
    ? `Pharmacist sign-off: dose counts checked through event ${lastEventSequence}, they match`
    : `Pharmacist sign-off: dose counts checked through event ${lastEventSequence}, discrepancy noted`;
}

/** An administrator's re-entry of their own password before a change to an account (issue 12, reviewer finding). */
export const ADMIN_MEANINGS = {
  resetPassword: (name: string) => `Administrator: reset the password of ${name}`,
  createUser: (name: string, role: string) => `Administrator: created the account of ${name} (${role})`,
  grantAdmin: (name: string) => `Administrator: gave ${name} the administrator role`,
  removeAdmin: (name: string) => `Administrator: removed the administrator role from ${name}`,
  deactivate: (name: string) => `Administrator: deactivated the account of ${name}`,
} as const;
