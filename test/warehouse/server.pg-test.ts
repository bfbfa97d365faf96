import { postgresEngine } from "./engines.js";
import { sqlPathEqualsRowPath } from "./sql-path.js";

/**
 * The second tier: the same cases on a real PostgreSQL server with its own settings, run by
 * `npm run test:postgres-server` (.ci/run starts Debian's server for it). Without
 * FAIRAUDIT_PG_URL this fails; it never skips.
 */
const url = process.env.FAIRAUDIT_PG_URL ?? "";
if (url === "") {
  throw new Error(
    "FAIRAUDIT_PG_URL is not set: start a server with scripts/postgres-test-server.sh start",
  );
}
sqlPathEqualsRowPath("PostgreSQL server", () => postgresEngine(url));
