// Runs once when the server starts (Next.js instrumentation). Server logs carry no patient data (issue 12, item 8;
// docs/decisions/054-access-records.md): the framework logs a failed render or action by printing the error, whose
// message can hold a Prisma call's arguments (names, MRNs); in the Node.js server every error object printed to
// console.error/warn becomes its codes and digest instead (lib/log.ts). The error page shows the same digest as
// the user's reference.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installSafeConsole } = await import("@/lib/log");
  installSafeConsole();
}
