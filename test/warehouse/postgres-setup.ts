import pg from "pg";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** a PostgreSQL server's URL (FAIRAUDIT_PG_URL), or "" when only PGlite is used */
    postgresUrl: string;
  }
}

/**
 * The SQL tests always run on PGlite (PostgreSQL in WebAssembly, a dev dependency) and DuckDB.
 * With FAIRAUDIT_PG_URL set (as .ci/run does, with Debian's server) they also run on that server,
 * and an unreachable server fails the run here, before any test. Nothing is installed or started.
 */
export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.FAIRAUDIT_PG_URL ?? "";
  if (url !== "") {
    const problem = await problemWith(url);
    if (problem !== null) {
      throw new Error(
        `PostgreSQL is not reachable at FAIRAUDIT_PG_URL=${url}: ${problem} (scripts/postgres-test-server.sh start prints a URL)`,
      );
    }
  }
  project.provide("postgresUrl", url);
}

/** Why the server at `url` cannot be queried, or null when it can. */
async function problemWith(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}
