import Link from "next/link";

/**
 * The course's other pages (issue 14): its printable handoff sheet, its replay under other rules and, for a nurse
 * on an open course, the downtime back-entry of doses given on paper. Hidden when printing.
 */
export function CourseLinks({ courseId, canBackEnter }: { courseId: string; canBackEnter: boolean }) {
  const links = [
    { href: `/courses/${courseId}/handoff`, label: "Handoff sheet" },
    { href: `/courses/${courseId}/replay`, label: "Replay under other rules" },
    ...(canBackEnter ? [{ href: `/courses/${courseId}/downtime`, label: "Enter doses given during a downtime" }] : []),
  ];
  return (
    <nav aria-label="This course" className="mb-4 print:hidden">
      <ul className="flex flex-wrap gap-x-6 gap-y-2">
        {links.map((l) => (
          <li key={l.href}>
            <Link href={l.href} className="inline-flex min-h-11 items-center font-semibold text-blue-900 underline">
              {l.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
