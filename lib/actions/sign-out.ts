"use server";

import { redirect } from "next/navigation";
import { endCurrentSession } from "@/lib/auth/sign-out";

/**
 * Ends the session on the server (not only the cookie), audits it, and returns to sign-in. The pages' Sign out
 * buttons post to /api/auth/sign-out instead, which does the same and also sends Clear-Site-Data (a server action
 * cannot set a response header); this action stays for callers without a form.
 */
export async function signOutAction(): Promise<void> {
  await endCurrentSession("sign-out");
  redirect("/login");
}
