import { readdirSync, readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

/**
 * Test tiers. `npm test` runs every project; `npm run test:unit` runs only "unit": the pure
 * functions, in seconds, with no build, browser or database. The other projects bring what they
 * need through the dev dependencies:
 *  - "cli": the whole command, in process (test/helpers/run-cli.ts) or as bin/fairaudit.js in a
 *    separate process, for which it builds dist/ once;
 *  - "browser": reports opened in a real headless Chromium (test/browser/chromium.ts says which);
 *  - "warehouse": the emitted SQL run on DuckDB and PostgreSQL (PGlite);
 *  - "postgres-server", not part of `npm test`: the same SQL cases on the PostgreSQL server that
 *    FAIRAUDIT_PG_URL names (`npm run test:postgres-server`, .ci/run's second tier).
 * A test file belongs to "cli" when it runs the command: it imports a run-cli helper or names
 * bin/fairaudit.js. That is read from the files, so a new test cannot land in the wrong tier.
 */
const testFiles = (readdirSync("test", { recursive: true }) as string[])
  .map((file) => `test/${file.replaceAll("\\", "/")}`)
  .filter((file) => file.endsWith(".test.ts"));
const runsTheCommand = testFiles.filter((file) =>
  /run-cli|cli-entry|bin\/fairaudit\.js/.test(readFileSync(file, "utf8")),
);
const OWN_TIER = ["test/browser/**", "test/warehouse/**"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: [...OWN_TIER, ...runsTheCommand],
        },
      },
      {
        extends: true,
        test: {
          name: "cli",
          include: runsTheCommand,
          exclude: OWN_TIER,
          globalSetup: ["test/global-setup.ts"],
        },
      },
      {
        extends: true,
        test: { name: "browser", include: ["test/browser/**/*.test.ts"], hookTimeout: 60_000 },
      },
      {
        // Only `npm run test:postgres-server` (.ci/run's second tier) runs this one.
        extends: true,
        test: {
          name: "postgres-server",
          include: ["test/warehouse/server.pg-test.ts"],
          globalSetup: ["test/warehouse/postgres-setup.ts"],
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "warehouse",
          include: ["test/warehouse/**/*.test.ts"],
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
