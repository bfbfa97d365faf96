import { Chalk } from "chalk";
import { type Command, Option } from "commander";
import { runAudit, runAuditFromAggregates } from "../audit.js";
import { loadConfigFile, mergeConfig, resolvePaths } from "../config/load-config.js";
import { loadPolicy } from "../config/load-policy.js";
import { resolvePlan } from "../config/resolve-plan.js";
import { generatedAt, runInfo } from "../config/run-info.js";
import { REFERENCE_STRATEGIES } from "../core/measure.js";
import { UserError } from "../errors.js";
import { appendHistory } from "../history/append-history.js";
import { historyEntry } from "../history/history-entry.js";
import { CORRECTIONS, RATE_TEST_CHOICES, RATIO_INTERVAL_METHODS } from "../inference/options.js";
import { PRESET_IDS } from "../policy/policy-schema.js";
import { FORMAT_IDS } from "../report/format-ids.js";
import { RENDERERS } from "../report/registry.js";
import { DEFAULT_WIDTH } from "../report/terminal-text.js";
import { applyBaseline } from "../result/apply-baseline.js";
import { loadBaseline } from "../result/load-baseline.js";
import { renderAnnotations } from "./annotations.js";
import {
  collect,
  collectList,
  parseFormats,
  parseIntArg,
  parseLevelArg,
  parseNumberArg,
  parsePositiveIntArg,
  parseShareArg,
} from "./arg-parsers.js";
import { type AuditFlags, flagsToConfig } from "./audit-flags.js";
import { type CliIo, EXIT, type ExitCode } from "./io.js";
import { createProgressBar, passLine, stageTimer } from "./progress.js";
import { parseWidthArg, terminalWidth, WIDTH_HELP } from "./terminal-width.js";
import { writeReports } from "./write-reports.js";

const EXAMPLES = `
Examples:
  # model output in a second file, joined on customer_id; decision derived from a score
  $ fairaudit audit customers.csv --predictions model-output.csv --id customer_id \\
      --protected gender,region --label converted --score score --threshold 0.5

  # decision in the same file, four-fifths rule, reports for people and machines
  $ fairaudit audit campaign.csv --protected gender --decision targeted \\
      --policy four-fifths --format terminal,json,csv --out reports/

  # the top 10% of scores are targeted; one campaign only; an adverse decision
  $ fairaudit audit compas.csv --protected race,sex --intersect --label two_year_recid \\
      --score decile_score --top-percent 10 --decision-meaning adverse --where sex=Female

  # everything in a config file (YAML or JSON); flags override it
  $ fairaudit audit --config audit.yml

  # release gate: fail when a finding regressed against the released model's report
  $ fairaudit audit --config audit.yml --baseline released/fairaudit-report.json \
      --format json --out reports/

  # nightly: append every finding to a history file, render trends with fairaudit history
  $ fairaudit audit --config audit.yml --history audits.jsonl --quiet

  # from aggregates a database computed (fairaudit sql; docs/aggregates.md), shards merged
  $ fairaudit audit --config audit.yml --aggregates cells-*.csv prices-*.csv

Exit codes: 0 passed (warnings allowed), 1 policy failed, 2 the audit could not run.
`;

export function addAuditCommand(
  program: Command,
  io: CliIo,
  setExit: (code: ExitCode) => void,
): void {
  program
    .command("audit")
    .description("audit a campaign dataset and its model output against a fairness policy")
    .argument(
      "[data...]",
      "the campaign dataset (CSV: comma, semicolon or tab separated); several files are audited as one",
    )
    .option("-c, --config <file>", "read all settings from a YAML or JSON file (flags override it)")
    .option("--predictions <file>", "model output in a second CSV, joined to the data on --id")
    .option(
      "--id <column>",
      "the key column that joins --predictions to the data, e.g. customer_id",
    )
    .option(
      "-p, --protected <columns>",
      "protected attribute columns, comma-separated, e.g. gender,age",
      collectList,
    )
    .option(
      "--intersect",
      "also audit the intersection of all protected attributes, e.g. gender & region",
    )
    .option(
      "-l, --label <column>",
      "observed outcome column (1/0, true/false, yes/no), e.g. converted",
    )
    .option("--positive <value>", "the label value that counts as positive, e.g. '>50K'")
    .option("-d, --decision <column>", "binary decision column (1 = selected / targeted / offered)")
    .option(
      "-s, --score <column>",
      "model score column; derive the decision with --threshold, --top-k or --top-percent",
    )
    .option(
      "--threshold <t>",
      "selected when score ≥ t (in the score's own units, e.g. 0.5 or decile 7)",
      parseNumberArg,
    )
    .option(
      "--top-k <k>",
      "select the k highest scores (ties at the cut-off are all selected)",
      parseIntArg,
    )
    .option("--top-percent <p>", "select the top p percent of scores, e.g. 10", parseNumberArg)
    .addOption(
      new Option(
        "--decision-meaning <meaning>",
        "whether being selected helps people (an offer) or harms them",
      ).choices(["favourable", "adverse"]),
    )
    .option("--price <column>", "continuous offer price column, e.g. interest_rate")
    .option(
      "--consent <column>",
      "audit only rows whose consent column is affirmative (1, true, yes); others are counted and excluded",
    )
    .option(
      "-w, --where <column=value>",
      "audit one segment only (repeatable), e.g. --where channel=email",
      collect,
    )
    .option(
      "-r, --reference <attribute=group>",
      "reference group of an attribute (repeatable), e.g. gender=Male",
      collect,
    )
    .addOption(
      new Option(
        "--reference-strategy <strategy>",
        "reference when none is named (default: largest group)",
      ).choices(REFERENCE_STRATEGIES),
    )
    .option(
      "--policy <file|preset>",
      `policy file (YAML/JSON) or preset: ${PRESET_IDS.join(", ")} (default: default)`,
    )
    .option(
      "--scored-only",
      "audit only the rows that have model output; the others are out of scope, and every report says so",
    )
    .option(
      "--max-excluded-share <share>",
      "overrides the policy's maxExcludedShare: the share of rows (0-1) that may be excluded for data problems",
      parseShareArg,
    )
    .option(
      "--suppress-below <n>",
      "overrides the policy's suppressBelow: groups with fewer rows are withheld from every output",
      parseIntArg,
    )
    .option(
      "--min-group-size <n>",
      "groups smaller than n get INCONCLUSIVE findings (default 30)",
      parseIntArg,
    )
    .option(
      "--min-denominator <n>",
      "rates over fewer people (e.g. positives for TPR) get INCONCLUSIVE findings (default 20)",
      parseIntArg,
    )
    .option(
      "--confidence <level>",
      "confidence level of intervals and significance, e.g. 0.9 (default 0.95)",
      parseLevelArg,
    )
    .addOption(
      new Option(
        "--correction <method>",
        "multiple-comparison correction across the run (default holm)",
      ).choices(CORRECTIONS),
    )
    .addOption(
      new Option(
        "--rate-test <test>",
        "test of a rate against the reference (default auto: Fisher for small counts, else chi2)",
      ).choices(RATE_TEST_CHOICES),
    )
    .addOption(
      new Option(
        "--ratio-interval <method>",
        "interval of a rate ratio (default koopman: score interval; katz: log method of other tools)",
      ).choices(RATIO_INTERVAL_METHODS),
    )
    .option(
      "--bootstrap-resamples <n>",
      "bootstrap resamples for composites, shares, medians, price summaries; 0 = off (default 2000)",
      parseIntArg,
    )
    .option("--bootstrap-seed <n>", "seed of the bootstrap (default 1)", parseIntArg)
    .option(
      "--max-groups <n>",
      "refuse an attribute with more distinct groups (default 100)",
      parseIntArg,
    )
    .option(
      "--price-memory <MiB>",
      "memory exact price medians may use, 8 bytes per priced row (default 1024)",
      parsePositiveIntArg,
    )
    .option(
      "--threads <n>",
      "worker threads for a large file (default: all cores; 1 reads in one thread)",
      parsePositiveIntArg,
    )
    .option(
      "-f, --format <formats>",
      `report formats, comma-separated: ${FORMAT_IDS.join(", ")} (default: terminal)`,
      parseFormats,
    )
    .option("-o, --out <dir>", "write the reports into this directory (fairaudit-report.<ext>)")
    .option("--seed <n>", "seed of every random procedure (default 1)", parseIntArg)
    .option(
      "--baseline <report.json>",
      "release gate: compare each finding with a previous JSON report under the policy's change rules",
    )
    .option(
      "--baseline-optional",
      "a --baseline that does not exist (a first release) skips the change rules, and every report says so; without it, exit 2",
    )
    .option("--history <file.jsonl>", "append one line with this run's findings to a history file")
    .option(
      "--no-timestamp",
      "leave the run time out of the report (SOURCE_DATE_EPOCH is honoured)",
    )
    .option(
      "--aggregates <files...>",
      "audit from per-group aggregates (CSV or JSON from `fairaudit sql`) instead of rows; several files merge",
    )
    .option("-q, --quiet", "print the verdict line only")
    .option(
      "--verbose",
      "also tell (on stderr) how the data was read (threads, join) and how long each stage took",
    )
    .option("--no-color", "never colour the terminal report (NO_COLOR is honoured too)")
    .option("--width <n>", WIDTH_HELP, parseWidthArg)
    .addHelpText("after", EXAMPLES)
    .action(async (files: string[], flags: AuditFlags) => {
      const data = files.length === 0 ? undefined : files.length === 1 ? files[0] : files;
      setExit(await audit(data, flags, io));
    });
}

async function audit(
  data: string | string[] | undefined,
  flags: AuditFlags,
  io: CliIo,
): Promise<ExitCode> {
  const fileConfig =
    flags.config === undefined
      ? undefined
      : await loadConfigFile(resolvePathFrom(io.cwd, flags.config));
  const aggregates = flags.aggregates?.map((f) => resolvePathFrom(io.cwd, f));
  // With aggregates the data file is never read; the first aggregates file stands in for it.
  const dataArg = data ?? (fileConfig?.data === undefined ? flags.aggregates?.[0] : undefined);
  const config = mergeConfig(
    fileConfig,
    resolvePaths(flagsToConfig(dataArg, flags), io.cwd),
    flags.config ?? "command line",
  );
  const policy = await loadPolicy(config.policy, config.decisionMeaning);
  const plan = resolvePlan(config, policy);
  const formats = plan.formats ?? ["terminal"];
  const files = formats.filter((f) => f !== "terminal");
  if (plan.out === undefined && files.length > 0 && formats.length > 1) {
    throw new UserError("several formats need --out <dir> to write them into", {}, "usage");
  }

  if (flags.baselineOptional && flags.baseline === undefined) {
    throw new UserError(
      "--baseline-optional qualifies --baseline <report.json>: give both",
      {},
      "usage",
    );
  }
  const baseline = await loadBaseline(
    flags.baseline === undefined ? undefined : resolvePathFrom(io.cwd, flags.baseline),
    flags.baselineOptional === true,
  );
  const progress = createProgressBar(io.stderr, { quiet: flags.quiet === true });
  const timing = stageTimer();
  let audited: Awaited<ReturnType<typeof runAudit>>;
  try {
    audited =
      aggregates === undefined
        ? await runAudit(
            {
              ...plan,
              load: {
                ...plan.load,
                onProgress: progress.update,
                ...(flags.verbose ? { onPass: (pass) => io.stderr.write(passLine(pass)) } : {}),
              },
            },
            timing.onStage,
          )
        : await runAuditFromAggregates(plan, aggregates, timing.onStage);
  } finally {
    progress.done();
  }
  const now = new Date();
  const run = runInfo(plan, { env: io.env, now, timestamp: flags.timestamp !== false });
  const result = applyBaseline({ ...audited, run }, baseline, policy.changes ?? []);

  const colour = flags.color !== false && io.stdout.isTTY === true && io.env.NO_COLOR === undefined;
  const context = {
    color: new Chalk({ level: colour ? 1 : 0 }),
    quiet: flags.quiet === true,
    width: terminalWidth(io, flags.width),
  };
  // a terminal report written to a file is laid out for a reader of the file, not this terminal
  const plainContext = {
    color: new Chalk({ level: 0 }),
    quiet: false,
    width: flags.width ?? DEFAULT_WIDTH,
  };
  if (plan.out !== undefined) {
    await writeReports(
      plan.out,
      formats.map((format) => ({ format, text: RENDERERS[format](result, plainContext) })),
    );
  }
  const machineStdout = !(formats.includes("terminal") || flags.quiet) && plan.out === undefined;
  if (formats.includes("terminal") || flags.quiet)
    io.stdout.write(RENDERERS.terminal(result, context));
  else if (plan.out === undefined) {
    const only = formats[0] ?? "json";
    io.stdout.write(RENDERERS[only](result, context));
  }
  // Annotations never corrupt a machine-readable report on stdout: then they go to stderr.
  if (io.env.GITHUB_ACTIONS === "true")
    (machineStdout ? io.stderr : io.stdout).write(renderAnnotations(result));
  if (flags.verbose) io.stderr.write(timing.line());
  // Last: only an audit whose reports were all written enters the history (a run that exits 2
  // before this point appends nothing).
  if (flags.history !== undefined) {
    const time = run.generatedAt ?? generatedAt(io.env, now);
    await appendHistory(resolvePathFrom(io.cwd, flags.history), historyEntry(result, time));
  }
  return result.verdict === "fail" ? EXIT.policyFailed : EXIT.pass;
}

function resolvePathFrom(cwd: string, path: string): string {
  return resolvePaths({ data: path }, cwd).data as string;
}
