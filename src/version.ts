import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const pkg = require("../package.json") as { version: string };

/** The tool's version, read from package.json so there is one source of truth. */
export const TOOL_VERSION: string = pkg.version;
export const TOOL_NAME = "fairaudit";
