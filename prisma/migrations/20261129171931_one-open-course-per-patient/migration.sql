-- One open IL-2 course per patient, enforced by the database (docs/decisions/005-data-model.md): of two
-- simultaneous orders for the same patient, the second insert fails with a unique violation, which
-- lib/actions/order-course.ts answers as CONFLICT. Closed courses are outside the index, so a patient may have
-- any number of them. Prisma's schema language cannot express a partial index: it lives here only, and
-- prisma/schema.prisma says so above `model Course`.
CREATE UNIQUE INDEX "Course_one_open_per_patient" ON "Course"("patientId") WHERE status IN ('ordered', 'active');
