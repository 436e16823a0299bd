"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export interface NavItem {
  href: string;
  label: string;
}

/** Pages every role may open, after the role's own: where each source key's full citation is. */
export const EVERY_ROLE_ITEMS: readonly NavItem[] = [{ href: "/sources", label: "Sources" }, { href: "/account/password", label: "Change password" }];

export function Nav({ items: own }: { items: NavItem[] }) {
  const pathname = usePathname();
  const items = [...own, ...EVERY_ROLE_ITEMS.filter((e) => !own.some((o) => o.href === e.href))];
  return (
    <nav aria-label="Main">
      <ul className="flex flex-wrap gap-1">
        {items.map((item) => {
          const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? "page" : undefined}
                className={`inline-flex min-h-11 items-center rounded-md px-3 font-medium ${
                  current ? "bg-white text-blue-900 underline decoration-2 underline-offset-4" : "text-white hover:bg-blue-800"
                }`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
