import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";

// One Prisma client per process, one code path for both databases:
//   DATABASE_URL set   → real PostgreSQL through @prisma/adapter-pg (CI, production)
//   DATABASE_URL unset → embedded PGlite in .data/pglite (PGLITE_DIR overrides), the zero-setup demo
// See docs/decisions/002-two-database-modes.md.

function createClient(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (url) {
    const adapter = new PrismaPg({
      connectionString: url,
      // a stopped database must answer quickly ("not saved, try again"), not hang the request
      connectionTimeoutMillis: 3_000,
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    });
    return new PrismaClient({ adapter });
  }
  const dir = process.env.PGLITE_DIR ?? ".data/pglite";
  mkdirSync(dir, { recursive: true });
  return new PrismaClient({ adapter: new PrismaPGlite(new PGlite(dir)) });
}

const globalForPrisma = globalThis as unknown as { bolusPrisma?: PrismaClient };

export const prisma: PrismaClient = globalForPrisma.bolusPrisma ?? createClient();
globalForPrisma.bolusPrisma = prisma;

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
