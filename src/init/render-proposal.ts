import type { ConfigProposal } from "./propose-config.js";

/** YAML scalar: quoted unless plainly safe (a YAML 1.2 core-schema reader sees the same text). */
function scalar(value: string): string {
  return /^[A-Za-z_][A-Za-z0-9_ .-]*$/.test(value) &&
    !/^(true|false|null|yes|no|on|off|y|n)$/i.test(value)
    ? value
    : JSON.stringify(value);
}

/** Pure: the proposal as a commented YAML config a person only needs to confirm. */
export function renderProposal(
  p: ConfigProposal,
  paths: { data: string; predictions?: string },
): string {
  const out = [
    "# fairaudit audit configuration, proposed by `fairaudit init` from the header and a sample.",
    "# Check every line, then run: fairaudit validate <this file> && fairaudit audit --config <this file>",
    "# Reference: fairaudit schema config",
    `data: ${scalar(paths.data)}`,
  ];
  if (paths.predictions !== undefined) {
    out.push(`predictions: ${scalar(paths.predictions)}`);
    out.push(
      p.id === undefined
        ? "# id: ???   # no column shared by both files was found: name the join key"
        : `id: ${scalar(p.id)}   # joins the model output to the data`,
    );
  }
  out.push("");
  if (p.protected.length === 0) {
    out.push("# No protected attribute recognised by name: list the columns to audit.");
    out.push("protected: []");
  } else {
    out.push("# Protected attributes, recognised by name; remove any that is not one.");
    out.push("protected:");
    for (const a of p.protected) {
      if (a.bins) {
        out.push(`  - column: ${scalar(a.column)}   # ${a.category}, numeric: binned`);
        out.push(`    bins: [${a.bins.join(", ")}]`);
      } else out.push(`  - ${scalar(a.column)}   # ${a.category}`);
    }
  }
  out.push("");
  if (p.outcomeAsDecision && p.decision) {
    out.push("# No model output found: this audits the recorded outcome itself as the decision");
    out.push("# (selection rates are then base rates). Give --predictions to audit a model.");
    out.push(`decision: ${scalar(p.decision.column)}`);
  } else {
    if (p.label) {
      out.push(`label: ${scalar(p.label.column)}   # observed outcome`);
      if (p.label.positive !== undefined)
        out.push(
          `positive: ${scalar(p.label.positive)}   # the outcome value that counts as positive`,
        );
    } else
      out.push(
        "# label: ???   # no outcome column recognised; without one only selection rates are audited",
      );
    if (p.decision) {
      out.push(`decision: ${scalar(p.decision.column)}   # 1 = selected / targeted / offered`);
    } else if (p.score) {
      out.push(`score: ${scalar(p.score.column)}`);
      out.push(
        `threshold: ${p.score.threshold}   # selected when score >= threshold, in the score's units (or topK / topPercent)`,
      );
    } else {
      out.push(
        p.price
          ? "# decision: ???   # no decision or score column recognised: name one, or audit prices only as proposed"
          : "# decision: ???   # no decision or score column recognised: name one (required)",
      );
    }
  }
  out.push(
    "# decisionMeaning: adverse   # uncomment when being selected harms people (e.g. a risk flag)",
  );
  if (p.price !== undefined) {
    out.push("");
    out.push(`price: ${scalar(p.price)}   # offer price: mean and median gaps are audited`);
  }
  out.push("");
  out.push("policy: default   # or four-fifths, aequitas, or a policy file");
  return `${out.join("\n")}\n`;
}
