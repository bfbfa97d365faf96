// Runs the CLI from source (through tsx), for tests that drive it as a separate process.
import { main } from "../../src/cli/main.js";

process.exitCode = await main(process.argv);
