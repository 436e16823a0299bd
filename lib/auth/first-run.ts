import "server-only";
import { prisma } from "@/lib/db/client";
import { bolusMode } from "@/lib/config/mode";
import { hasActiveAdministrator } from "@/lib/auth/setup";

// Until a production installation has an administrator it answers only "not set up yet" (decision 047): the sign-in
// page, the home page and every clinical page show the setup answer instead. Once an administrator is found the
// answer is remembered for the life of the process (an installation does not become un-set-up).
let setUp = false;

export async function setupNeeded(): Promise<boolean> {
  if (setUp || bolusMode(process.env) !== "production") return false;
  if (await hasActiveAdministrator(prisma)) {
    setUp = true;
    return false;
  }
  return true;
}
