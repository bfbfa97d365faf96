import { basename, resolve } from "node:path";
import type { Command } from "commander";
import { loadConfigFile, mergeConfig } from "../config/load-config.js";
import { isPresetId, loadPolicy } from "../config/load-policy.js";
import { resolvePlan } from "../config/resolve-plan.js";
import { type CliIo, EXIT, type ExitCode } from "./io.js";

interface ValidateFlags {
  policy?: string;
}

/**
 * Checks a config (and the policy it names) or a policy alone, without reading any data:
 * a CI job can fail fast on a typo before a long audit, and an editor hook can run it on save.
 */
export function addValidateCommand(
  program: Command,
  io: CliIo,
  setExit: (code: ExitCode) => void,
): void {
  program
    .command("validate")
    .description("check a config file and its policy (or a policy file alone) without reading data")
    .argument("[config]", "the audit config (YAML or JSON)")
    .option("--policy <file|preset>", "check this policy (alone, or instead of the config's)")
    .addHelpText(
      "after",
      `
Examples:
  $ fairaudit validate audit.yml
  $ fairaudit validate --policy policy.yml

Exit codes: 0 valid, 2 invalid (one line naming the file and key).
`,
    )
    .action(async (config: string | undefined, flags: ValidateFlags) => {
      setExit(await validate(config, flags, io));
    });
}

async function validate(
  configPath: string | undefined,
  flags: ValidateFlags,
  io: CliIo,
): Promise<ExitCode> {
  const policyFlag = flags.policy === undefined ? {} : { policy: resolvePolicy(flags.policy, io) };
  if (configPath === undefined) {
    if (flags.policy === undefined) {
      io.stderr.write("fairaudit: error: give a config file, --policy <file>, or both\n");
      return EXIT.cannotAudit;
    }
    const policy = await loadPolicy(policyFlag.policy);
    io.stdout.write(`${describePolicy(policy)}\n`);
    return EXIT.pass;
  }
  const file = await loadConfigFile(resolve(io.cwd, configPath));
  const config = mergeConfig(file, policyFlag, basename(configPath));
  const policy = await loadPolicy(config.policy, config.decisionMeaning);
  const plan = resolvePlan(config, policy);
  const attributes = plan.groupings.map((g) => g.name).join(", ");
  io.stdout.write(
    `${basename(configPath)}: valid — data ${basename(plan.load.data)}${plan.load.predictions ? ` + ${basename(plan.load.predictions.path)}` : ""}; attributes ${attributes}; ${plan.load.decision ? `decision ${plan.load.decision.kind} on ${plan.load.decision.column}` : "no decision (price only)"}\n${describePolicy(policy)}\n`,
  );
  return EXIT.pass;
}

function resolvePolicy(policy: string, io: CliIo): string {
  return isPresetId(policy) ? policy : resolve(io.cwd, policy);
}

function describePolicy(policy: Awaited<ReturnType<typeof loadPolicy>>): string {
  const active = policy.rules.filter((r) => r.severity !== "off").length;
  const changes = policy.changes?.length ?? 0;
  return `policy ${policy.name} (${policy.source}): valid — ${active} active rule(s), ${changes} change rule(s), minimum group size ${policy.minGroupSize}`;
}
