import { redirect } from "next/navigation";
import { readSession } from "@/lib/auth/session";
import { HOME_BY_ROLE } from "@/lib/auth/permissions";

export const dynamic = "force-dynamic";

export default async function Home() {
  const found = await readSession();
  redirect(found.state === "valid" ? HOME_BY_ROLE[found.session.user.role] : "/login");
}
