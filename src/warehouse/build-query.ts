import { UserError } from "../errors.js";
import { binLabels, MISSING_GROUP } from "../groups/attribute-spec.js";
import type { LoadSpec } from "../io/load-spec.js";
import { type Dialect, NUMBER_PATTERN, tableName } from "./dialect.js";
import { RESERVED_COLUMNS as RESERVED } from "./schema.js";

/** Where the rows live in the warehouse. */
export interface SqlTables {
  data: string;
  /** the model-output table, joined on the configured id (when the config names predictions) */
  predictions?: string;
}

export interface AggregateQueries {
  /** one row per audited cell, plus one row per reason a row was not audited */
  cells: string;
  /** exact price histogram per cell (GROUP BY cell, price), or null without a price */
  prices: string | null;
}

const TRUE_WORDS = ["1", "1.0", "true", "yes", "y", "t"];
const FALSE_WORDS = ["0", "0.0", "false", "no", "n", "f"];

/**
 * The GROUP BY queries that compute exactly the accumulators `loadTable` would build from the same
 * rows: every field is read as trimmed text (NULL as ""), then classified with the loader's rules.
 */
export function buildAggregateQueries(
  spec: LoadSpec,
  dialect: Dialect,
  tables: SqlTables,
): AggregateQueries {
  const q = (name: string) => dialect.identifier(name);
  const s = (value: string) => dialect.string(value);
  const num = (x: number) => dialect.toDouble(s(String(x)));
  const inList = (expr: string, values: readonly string[]) =>
    values.length === 0 ? "FALSE" : `${expr} IN (${values.map(s).join(", ")})`;
  const isMissing = (expr: string) => inList(expr, spec.missingValues);
  const isNumber = (expr: string) => dialect.matches(expr, NUMBER_PATTERN);
  refuseConsent(spec);

  for (const a of spec.attributes) {
    if ((RESERVED as readonly string[]).includes(a.name)) {
      throw new UserError(
        `attribute "${a.name}" has the name of an aggregates column; give it another name (protected: - column: ${a.column}, name: …)`,
        { key: "protected" },
        "invalid_config",
      );
    }
  }

  const decision = spec.decision;
  const scoreMode = decision !== undefined && decision.kind !== "column";
  const joined = spec.predictions !== undefined && decision !== undefined;
  if (joined && tables.predictions === undefined) {
    throw new UserError(
      "the config joins a predictions file: name its table with --predictions-table",
      {},
      "usage",
    );
  }

  // 1. Every needed field of the data table as trimmed text.
  const columns: string[] = [];
  const alias = (column: string) => {
    let at = columns.indexOf(column);
    if (at === -1) at = columns.push(column) - 1;
    return `c${at}`;
  };
  const idCol = joined ? alias(spec.predictions?.id as string) : undefined;
  const decisionCol = decision !== undefined && !joined ? alias(decision.column) : undefined;
  const labelCol = spec.label ? alias(spec.label.column) : undefined;
  const priceCol = spec.price !== undefined ? alias(spec.price) : undefined;
  const groupCols = spec.attributes.map((a) => alias(a.column));
  const whereCols = spec.where.map((w) => alias(w.column));
  const segment =
    spec.where.length === 0
      ? "1"
      : `CASE WHEN ${spec.where.map((w, i) => `${whereCols[i]} = ${s(w.value.trim())}`).join(" AND ")} THEN 1 ELSE 0 END`;

  const ctes: string[] = [];
  const dataFields = columns.map((c, i) => `${dialect.text(`d.${q(c)}`)} AS c${i}`);
  ctes.push(
    `data_rows AS (\n  SELECT ${[...dataFields, "1 AS in_data"].join(",\n    ")}\n  FROM ${tableName(dialect, tables.data)} AS d\n)`,
  );
  ctes.push(`segmented AS (\n  SELECT data_rows.*, ${segment} AS in_segment\n  FROM data_rows\n)`);

  let value: string | undefined; // the decision or score field as text
  if (joined) {
    const pid = dialect.text(`p.${q(spec.predictions?.id as string)}`);
    ctes.push(
      `prediction_rows AS (\n  SELECT ${pid} AS pid, ${dialect.text(`p.${q(decision.column)}`)} AS pvalue,\n    COUNT(*) OVER (PARTITION BY ${pid}) AS pid_copies\n  FROM ${tableName(dialect, tables.predictions as string)} AS p\n)`,
    );
    ctes.push(
      `joined AS (\n  SELECT j.*, CASE WHEN j.in_data = 1 AND j.pid IS NOT NULL THEN COUNT(*) OVER (PARTITION BY j.pid) ELSE 1 END AS join_copies\n  FROM (\n    SELECT segmented.*, pr.pid, pr.pvalue, pr.pid_copies\n    FROM (SELECT segmented.*, CASE WHEN in_segment = 1 THEN ${idCol} END AS join_key FROM segmented) AS segmented\n    FULL OUTER JOIN (SELECT prediction_rows.*, CASE WHEN NOT (${isMissing("pid")}) THEN pid END AS join_key FROM prediction_rows) AS pr\n      ON segmented.join_key = pr.join_key\n  ) AS j\n)`,
    );
    value = "pvalue";
  } else if (decisionCol !== undefined) {
    value = decisionCol;
  }

  // 2. Classify each field as the loader does.
  const fields: string[] = ["*"];
  let decisionInvalid = "FALSE";
  let decisionMissing = "FALSE";
  if (decision !== undefined && value !== undefined) {
    decisionMissing = isMissing(value);
    if (scoreMode) {
      decisionInvalid = `NOT ${isNumber(value)}`;
      fields.push(`CASE WHEN ${isNumber(value)} THEN ${dialect.toDouble(value)} END AS score`);
    } else if (decision.kind === "column" && decision.positive !== undefined) {
      fields.push(`CASE WHEN ${value} = ${s(decision.positive)} THEN 1 ELSE 0 END AS decision`);
    } else {
      decisionInvalid = `NOT (${inList(`LOWER(${value})`, [...TRUE_WORDS, ...FALSE_WORDS])})`;
      fields.push(
        `CASE WHEN ${inList(`LOWER(${value})`, TRUE_WORDS)} THEN 1 ELSE 0 END AS decision`,
      );
    }
  }
  let labelInvalid = "FALSE";
  if (labelCol !== undefined && spec.label !== undefined) {
    if (spec.label.positive !== undefined) {
      fields.push(`CASE WHEN ${labelCol} = ${s(spec.label.positive)} THEN 1 ELSE 0 END AS label`);
    } else {
      labelInvalid = `NOT (${inList(`LOWER(${labelCol})`, [...TRUE_WORDS, ...FALSE_WORDS])})`;
      fields.push(
        `CASE WHEN ${inList(`LOWER(${labelCol})`, TRUE_WORDS)} THEN 1 ELSE 0 END AS label`,
      );
    }
  }
  if (priceCol !== undefined) {
    const x = dialect.toDouble(priceCol);
    // Nested CASEs, not AND: SQL does not promise to short-circuit, and the cast must only see numbers.
    fields.push(
      `CASE WHEN ${isMissing(priceCol)} THEN 'missing_price' WHEN NOT ${isNumber(priceCol)} THEN 'unparseable_price' WHEN ${x} < 0 THEN 'negative_price' END AS price_issue`,
      `CASE WHEN ${isMissing(priceCol)} THEN NULL WHEN NOT ${isNumber(priceCol)} THEN NULL WHEN ${x} >= 0 THEN ${x} END AS price`,
    );
  }
  spec.attributes.forEach((a, i) => {
    const v = groupCols[i] as string;
    const entries = Object.entries(a.map ?? {});
    const mapped =
      entries.length === 0
        ? v
        : `CASE ${entries.map(([from, to]) => `WHEN ${v} = ${s(from)} THEN ${s(to)}`).join(" ")} ELSE ${v} END`;
    let label = mapped;
    if (a.bins !== undefined) {
      const edges = a.bins;
      const names = binLabels(edges);
      const x = dialect.toDouble(mapped);
      const arms = edges.map((e, k) => `WHEN ${x} < ${num(e)} THEN ${s(names[k] as string)}`);
      label = `CASE WHEN ${isNumber(mapped)} THEN CASE ${arms.join(" ")} ELSE ${s(names[names.length - 1] as string)} END END`;
    }
    fields.push(`CASE WHEN ${isMissing(v)} THEN ${s(MISSING_GROUP)} ELSE ${label} END AS g${i}`);
  });
  ctes.push(
    `classified AS (\n  SELECT ${fields.join(",\n    ")}\n  FROM ${joined ? "joined" : "segmented"}\n)`,
  );

  // 3. Why a row is not audited, in the loader's order of checks.
  const arms: string[] = [];
  if (joined) {
    arms.push(
      `WHEN in_data IS NULL THEN CASE WHEN ${isMissing("pid")} THEN 'missing_id' WHEN pid_copies > 1 THEN 'duplicate_id' WHEN ${decisionMissing} THEN 'unmatched_prediction' WHEN ${decisionInvalid} THEN '${scoreMode ? "invalid_score" : "invalid_decision"}' ELSE 'unmatched_prediction' END`,
    );
  }
  arms.push("WHEN in_segment = 0 THEN 'outside_segment'");
  if (joined) {
    arms.push("WHEN pid IS NULL THEN 'no_model_output'");
    arms.push("WHEN pid_copies > 1 OR join_copies > 1 THEN 'duplicate_id'");
  }
  if (decision !== undefined) {
    // Missing before invalid, as in parseBinary / parseNumber.
    arms.push(`WHEN ${decisionMissing} THEN '${scoreMode ? "missing_score" : "missing_decision"}'`);
    arms.push(`WHEN ${decisionInvalid} THEN '${scoreMode ? "invalid_score" : "invalid_decision"}'`);
  }
  if (labelCol !== undefined) {
    arms.push(`WHEN ${isMissing(labelCol)} THEN 'missing_label'`);
    arms.push(`WHEN ${labelInvalid} THEN 'invalid_label'`);
  }
  if (spec.attributes.length > 0) {
    arms.push(
      `WHEN ${spec.attributes.map((_, i) => `g${i} IS NULL`).join(" OR ")} THEN 'invalid_group'`,
    );
  }
  ctes.push(
    `with_status AS (\n  SELECT classified.*, CASE ${arms.join("\n    ")}\n    ELSE 'audited' END AS status\n  FROM classified\n)`,
  );

  // 4. Top-k / top-percent: the k-th largest audited score is the cut-off.
  let cutoff: string | undefined;
  let from = "with_status";
  if (decision?.kind === "top-k" || decision?.kind === "top-percent") {
    const k =
      decision.kind === "top-k"
        ? String(decision.k)
        : `CEIL(${num(decision.percent)} / 100 * total)`;
    ctes.push(
      `ranked AS (\n  SELECT score, ROW_NUMBER() OVER (ORDER BY score DESC) AS rk, COUNT(*) OVER () AS total\n  FROM with_status WHERE status = 'audited'\n)`,
      `cut AS (\n  SELECT MIN(score) AS cutoff FROM ranked WHERE rk <= ${k}\n)`,
    );
    from = "with_status CROSS JOIN cut";
    cutoff = "cutoff";
  } else if (decision?.kind === "threshold") {
    cutoff = num(decision.threshold);
  }

  // 5. Keep what counts: group labels, decision, label and price of audited rows only.
  const audited = "status = 'audited'";
  const only = (expr: string) => `CASE WHEN ${audited} THEN ${expr} END`;
  const finalFields = ["status", ...spec.attributes.map((_, i) => `${only(`g${i}`)} AS g${i}`)];
  if (scoreMode) {
    finalFields.push(`${only("score")} AS score`);
    finalFields.push(
      `${only(`CASE WHEN score >= ${cutoff as string} THEN 1 ELSE 0 END`)} AS decision`,
    );
    if (cutoff === "cutoff") finalFields.push("cutoff");
  } else if (decision !== undefined) finalFields.push(`${only("decision")} AS decision`);
  else finalFields.push(`${only("0")} AS decision`);
  if (labelCol !== undefined) finalFields.push(`${only("label")} AS label`);
  if (priceCol !== undefined) {
    finalFields.push(`${only("price")} AS price`, `${only("price_issue")} AS price_issue`);
  }
  const groupKeys = ["status", ...spec.attributes.map((_, i) => `g${i}`)];
  const partition = groupKeys.join(", ");
  if (priceCol !== undefined) {
    ctes.push(
      `audit_rows AS (\n  SELECT ${finalFields.join(",\n    ")}\n  FROM ${from}\n)`,
      `with_mean AS (\n  SELECT audit_rows.*, AVG(price) OVER (PARTITION BY ${partition}) AS cell_mean\n  FROM audit_rows\n)`,
    );
  } else {
    ctes.push(`audit_rows AS (\n  SELECT ${finalFields.join(",\n    ")}\n  FROM ${from}\n)`);
  }

  const sum = (cond: string) => `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
  const groupOut = spec.attributes.map((a, i) => `g${i} AS ${q(a.name)}`);
  const out: string[] = [
    "status",
    ...groupOut,
    "COUNT(*) AS n",
    `${sum("decision = 1")} AS selected`,
  ];
  if (labelCol !== undefined) {
    out.push(
      `${sum("decision = 1 AND label = 1")} AS tp`,
      `${sum("decision = 1 AND label = 0")} AS fp`,
      `${sum("decision = 0 AND label = 0")} AS tn`,
      `${sum("decision = 0 AND label = 1")} AS fn`,
    );
  }
  if (priceCol !== undefined) {
    out.push(
      "COUNT(price) AS price_count",
      "AVG(price) AS price_mean",
      "SUM((price - cell_mean) * (price - cell_mean)) AS price_m2",
      "MIN(price) AS price_min",
      "MAX(price) AS price_max",
      `${sum("price_issue = 'missing_price'")} AS missing_price`,
      `${sum("price_issue = 'unparseable_price'")} AS unparseable_price`,
      `${sum("price_issue = 'negative_price'")} AS negative_price`,
    );
  }
  if (scoreMode) {
    out.push("MIN(score) AS score_min", "MAX(score) AS score_max");
    out.push(cutoff === "cutoff" ? "MAX(cutoff) AS threshold" : `${cutoff as string} AS threshold`);
  }
  const withClause = `WITH\n${ctes.join(",\n")}\n`;
  const cells = `${withClause}SELECT ${out.join(",\n  ")}\nFROM ${priceCol !== undefined ? "with_mean" : "audit_rows"}\nGROUP BY ${partition}\nORDER BY ${partition}`;

  let prices: string | null = null;
  if (priceCol !== undefined) {
    const keys = spec.attributes.map((_, i) => `g${i}`);
    prices = `${withClause}SELECT ${[...groupOut, "price", "COUNT(*) AS count"].join(",\n  ")}\nFROM audit_rows\nWHERE ${audited} AND price IS NOT NULL\nGROUP BY ${[...keys, "price"].join(", ")}\nORDER BY ${[...keys, "price"].join(", ")}`;
  }
  return { cells, prices };
}

/**
 * The queries do not model consent: a consent column would need per-group consented shares and
 * its own exclusions. Filter in the warehouse (a view over consenting rows) instead.
 */
export function refuseConsent(spec: LoadSpec): void {
  if (spec.consent !== undefined) {
    throw new UserError(
      "a consent column is not supported with SQL aggregates: audit a view that holds only consenting rows",
      { key: "consent" },
      "usage",
    );
  }
}
