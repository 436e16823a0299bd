-- Hand-written (review of issue 11, fix 4). Prisma's schema language cannot express an index on an expression; the
-- schema engine leaves these in place, as it does "Course_one_open_per_patient".
-- (The draft also proposed dropping "PatientMovement_fromUnitId_fkey" and "PatientMovement_toUnitId_fkey", the
-- hand-written foreign keys of 20261203081753, which the schema does not model: those lines were removed.)

-- One patient per MRN whatever the case: "ab-1001" and "AB-1001" are the same hospital number. lib/schemas/patient.ts
-- stores MRNs in upper case; this index also holds for rows written before that, and for any other writer.
CREATE UNIQUE INDEX "Patient_mrn_upper_key" ON "Patient" (upper("mrn"));

-- One unit per name whatever the case ("Oncology 7 West" and "oncology 7 west"): the people screens checked this in
-- code only, which two administrators at once could race past.
CREATE UNIQUE INDEX "Unit_name_lower_key" ON "Unit" (lower("name"));
