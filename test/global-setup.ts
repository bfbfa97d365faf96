import { buildDist } from "../scripts/build.js";

/** End-to-end tests run the real bin/fairaudit.js, which needs a current build of src/. */
export default async function setup(): Promise<void> {
  await buildDist(process.cwd(), { types: false });
}
