import type { CliIo } from "./io.js";

/**
 * The process's standard output as the CLI writes to it. A reader that stops early (`| head`)
 * closes the pipe: what it did not read is not an error, so the run ends quietly with the
 * verdict's exit code. Any other failure to write (a full disk, `/dev/full`, a device error)
 * means the report did not arrive: one line on stderr, and exit 2 however the audit came out.
 */
export function guardStdout(
  stream: NodeJS.WriteStream,
  stderr: NodeJS.WriteStream,
): { stdout: CliIo["stdout"]; failed: () => boolean } {
  let state: "open" | "closed" | "failed" = "open";
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (state !== "open") return;
    if (error.code === "EPIPE") {
      state = "closed";
      return;
    }
    state = "failed";
    stderr.write(
      `fairaudit: error: cannot write to standard output (${error.code ?? "write failed"}): the output is incomplete\n`,
    );
  });
  const stdout: CliIo["stdout"] = {
    write: (text: string) => (state === "open" ? stream.write(text) : false),
  };
  if (stream.isTTY !== undefined) stdout.isTTY = stream.isTTY;
  return { stdout, failed: () => state === "failed" };
}
