import { redirect } from "next/navigation";
import { readSession } from "@/lib/auth/session";
import { HOME_BY_ROLE } from "@/lib/auth/permissions";
import { setupNeeded } from "@/lib/auth/first-run";
import { SetupAnswer } from "@/components/auth/setup-answer";

export const dynamic = "force-dynamic";

export default async function Home() {
  if (await setupNeeded()) return <SetupAnswer />;
  const found = await readSession();
  redirect(found.state === "valid" ? HOME_BY_ROLE[found.session.user.role] : "/login");
}
