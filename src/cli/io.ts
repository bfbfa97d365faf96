/** The shell's handles on the outside world, injectable so tests run the CLI in-process. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

export const EXIT = { pass: 0, policyFailed: 1, cannotAudit: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
