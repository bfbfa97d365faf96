import pg from "pg";

/**
 * Global setup of the "postgres-server" project (`npm run test:postgres-server`): the server
 * FAIRAUDIT_PG_URL names must answer, or the run fails here, before any test. Nothing is
 * installed or started; .ci/run starts Debian's server with scripts/postgres-test-server.sh.
 */
export default async function setup(): Promise<void> {
  const url = process.env.FAIRAUDIT_PG_URL ?? "";
  if (url === "") {
    throw new Error(
      "FAIRAUDIT_PG_URL is not set (scripts/postgres-test-server.sh start prints one)",
    );
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at FAIRAUDIT_PG_URL=${url}: ${(error as Error).message}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
