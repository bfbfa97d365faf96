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
 * The PostgreSQL tests never skip. With FAIRAUDIT_PG_URL set (as .ci/run does) they use that server;
 * without it this setup starts a throwaway one with the same script and stops it afterwards. Either
 * way an unreachable server fails the run here, before any test.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env.FAIRAUDIT_PG_URL;
  let url = given;
  if (url === undefined || url === "") {
    url = execFileSync("bash", [SCRIPT, "start"], { encoding: "utf8" }).trim();
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${url}: ${(error as Error).message} (start it with ${SCRIPT} start)`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
  project.provide("postgresUrl", url);
  return () => {
    if (given === undefined || given === "")
      execFileSync("bash", [SCRIPT, "stop"], { stdio: "ignore" });
  };
}
