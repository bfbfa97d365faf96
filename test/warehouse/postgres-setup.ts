import { execFileSync } from "node:child_process";
import pg from "pg";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

const SCRIPT = "scripts/postgres-test-server.sh";

/**
 * The PostgreSQL tests never skip. With FAIRAUDIT_PG_URL set (as .ci/run does) they use that server.
 * Without it they use the script's throwaway server: one already running (another test run's, or
 * one started by hand) is used and left running; otherwise this setup starts one and stops it
 * afterwards. Either way an unreachable server fails the run here, before any test.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env.FAIRAUDIT_PG_URL;
  let url = given;
  let startedHere = false;
  if (url === undefined || url === "") {
    const running = execFileSync("bash", [SCRIPT, "url"], { encoding: "utf8" }).trim();
    if ((await problemWith(running)) === null) url = running;
    else {
      url = execFileSync("bash", [SCRIPT, "start"], { encoding: "utf8" }).trim();
      startedHere = true;
    }
  }
  const problem = await problemWith(url);
  if (problem !== null) {
    throw new Error(
      `PostgreSQL is not reachable at ${url}: ${problem} (start it with ${SCRIPT} start)`,
    );
  }
  project.provide("postgresUrl", url);
  return () => {
    if (startedHere) execFileSync("bash", [SCRIPT, "stop"], { stdio: "ignore" });
  };
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
