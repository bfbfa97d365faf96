import { execFileSync } from "node:child_process";

/** End-to-end tests run the real bin/fairaudit.js, which needs a current build of src/. */
export default function setup(): void {
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
    stdio: "inherit",
  });
}
