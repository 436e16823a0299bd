import { spawnSync } from "node:child_process";

// Integration tests need a real PostgreSQL: `npm test` creates a fresh database and passes it as DATABASE_URL.
export default function setup(): void {
  if (!process.env.DATABASE_URL) {
    throw new Error("Integration tests need DATABASE_URL (a PostgreSQL database they may write to). Run them with `npm test`.");
  }
  const r = spawnSync("node", ["scripts/db.mjs", "deploy"], { encoding: "utf8", env: process.env });
  if (r.status !== 0) throw new Error(`migrations failed:\n${r.stdout}\n${r.stderr}`);
}
