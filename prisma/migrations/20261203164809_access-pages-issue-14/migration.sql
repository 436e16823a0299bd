-- Hand-written (issue 14): the access records of the new screens. lib/views/access.ts ACCESS_PAGES gained
-- course-handoff, course-replay, course-downtime, unit-handoff and quality in the issue-14 seam commit, but the
-- database's check (migration 20261203100845_access-events) still refused them, so every such page view failed.
ALTER TABLE "AccessEvent" DROP CONSTRAINT "AccessEvent_page_check";
ALTER TABLE "AccessEvent" ADD CONSTRAINT "AccessEvent_page_check" CHECK (
  page IN ('course', 'order-verification', 'count-verification', 'review-queue', 'verification-queue', 'audit-log', 'access-log',
           'course-handoff', 'course-replay', 'course-downtime', 'unit-handoff', 'quality')
);
