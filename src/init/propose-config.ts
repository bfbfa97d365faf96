/**
 * Pure: from column names and a sample of values, the roles a newcomer most likely means.
 * Names are matched in English and German; values decide between a decision and a score, and
 * whether an age needs bins. Everything proposed is written as a commented config to confirm.
 */
export interface ColumnSample {
  name: string;
  values: string[];
}

export interface ProtectedProposal {
  column: string;
  category: ProtectedCategory;
  /** numeric ages are binned */
  bins?: number[];
}

export interface ConfigProposal {
  protected: ProtectedProposal[];
  label?: { column: string; positive?: string };
  decision?: { column: string; from: "data" | "predictions" };
  score?: { column: string; from: "data" | "predictions"; threshold: number };
  price?: string;
  id?: string;
  /** no model output found: the recorded outcome is audited as the decision */
  outcomeAsDecision: boolean;
}

export const PROTECTED_CATEGORIES = {
  gender: ["gender", "sex", "geschlecht"],
  age: ["age", "alter", "age_cat", "age_band", "age_group", "altersgruppe"],
  nationality: [
    "nationality",
    "staatsangehoerigkeit",
    "staatsangehörigkeit",
    "citizenship",
    "native_country",
    "foreign_worker",
    "herkunft",
  ],
  race: ["race", "rasse"],
  ethnicity: ["ethnicity", "ethnic", "ethnie", "ethnische_herkunft"],
  religion: ["religion", "konfession", "religionszugehoerigkeit"],
  disability: ["disability", "disabled", "behinderung", "schwerbehinderung"],
  marital: ["marital", "marital_status", "familienstand"],
} as const;
export type ProtectedCategory = keyof typeof PROTECTED_CATEGORIES;

const LABELS = [
  "label",
  "label_value",
  "y",
  "target",
  "outcome",
  "converted",
  "conversion",
  "responded",
  "response",
  "purchased",
  "churn",
  "credit_good",
  "two_year_recid",
  "income",
  "class",
  "kauf",
  "abschluss",
];
const DECISIONS = [
  "prediction",
  "predicted",
  "decision",
  "selected",
  "targeted",
  "offered",
  "approved",
  "action_taken",
  "entscheidung",
  "ausgewaehlt",
];
const SCORES = [
  "score",
  "probability",
  "prob",
  "propensity",
  "decile_score",
  "risk_score",
  "wahrscheinlichkeit",
];
const PRICES = [
  "price",
  "offer_price",
  "interest_rate",
  "rate_spread",
  "apr",
  "premium",
  "charges",
  "preis",
  "zins",
  "praemie",
];
const IDS = [
  "id",
  "customer_id",
  "client_id",
  "entity_id",
  "kunden_id",
  "kundennummer",
  "person_id",
];

const BINARY = new Set([
  "0",
  "1",
  "0.0",
  "1.0",
  "true",
  "false",
  "yes",
  "no",
  "y",
  "n",
  "ja",
  "nein",
]);

function normalise(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}

function tokens(name: string): string[] {
  return normalise(name).split("_");
}

/** 3: the whole name is a keyword; 2: a prefixed keyword (derived_race); 1: a keyword token. */
function nameScore(name: string, keywords: readonly string[]): number {
  const n = normalise(name);
  const keys = keywords.map(normalise);
  if (keys.includes(n)) return 3;
  if (keys.some((k) => n.endsWith(`_${k}`))) return 2;
  if (keys.some((k) => tokens(name).includes(k))) return 1;
  return 0;
}

function distinct(values: readonly string[]): string[] {
  return [
    ...new Set(values.map((v) => v.trim()).filter((v) => v !== "" && v.toUpperCase() !== "NA")),
  ];
}

/** Numeric when nearly every value parses (codes such as "Exempt" may remain; the audit counts them). */
function isNumeric(values: readonly string[]): boolean {
  const d = distinct(values);
  const numeric = d.filter((v) => Number.isFinite(Number(v))).length;
  return d.length > 0 && numeric >= 0.9 * d.length;
}

function isBinary(values: readonly string[]): boolean {
  const d = distinct(values).map((v) => v.toLowerCase());
  return d.length > 0 && d.length <= 2 && d.every((v) => BINARY.has(v));
}

function best(
  columns: readonly ColumnSample[],
  keywords: readonly string[],
  taken: ReadonlySet<string>,
  prefer: (c: ColumnSample) => number = () => 0,
): ColumnSample | undefined {
  let winner: ColumnSample | undefined;
  let top = 0;
  for (const c of columns) {
    if (taken.has(c.name)) continue;
    const score = nameScore(c.name, keywords);
    if (score === 0) continue;
    const total = score * 10 + prefer(c) - c.name.length / 100;
    if (total > top) {
      top = total;
      winner = c;
    }
  }
  return winner;
}

/** Common age bands of marketing and credit practice. */
const AGE_BINS = [25, 40, 60];

export function proposeConfig(
  data: readonly ColumnSample[],
  predictions: readonly ColumnSample[] = [],
): ConfigProposal {
  const taken = new Set<string>();
  const proposal: ConfigProposal = { protected: [], outcomeAsDecision: false };

  if (predictions.length > 0) {
    const shared = data.filter((c) => predictions.some((p) => p.name === c.name));
    const id = best(shared, IDS, taken) ?? shared[0];
    if (id) {
      proposal.id = id.name;
      taken.add(id.name);
    }
  } else {
    const id = best(data, IDS, taken);
    if (id && nameScore(id.name, IDS) >= 2) taken.add(id.name);
  }

  for (const category of Object.keys(PROTECTED_CATEGORIES) as ProtectedCategory[]) {
    // A categorical age band reads better in a report than bins over raw years.
    const column = best(data, PROTECTED_CATEGORIES[category], taken, (c) =>
      category === "age" && !isNumeric(c.values) ? 5 : 0,
    );
    if (!column) continue;
    taken.add(column.name);
    const p: ProtectedProposal = { column: column.name, category };
    if (category === "age" && isNumeric(column.values) && distinct(column.values).length > 10)
      p.bins = AGE_BINS;
    proposal.protected.push(p);
  }

  const modelSide = predictions.length > 0 ? predictions : data;
  const from = predictions.length > 0 ? "predictions" : "data";
  const decision = best(modelSide, DECISIONS, taken, (c) => (isBinary(c.values) ? 5 : -5));
  const score = best(modelSide, SCORES, taken, (c) => (isNumeric(c.values) ? 5 : -20));
  if (decision && isBinary(decision.values)) {
    proposal.decision = { column: decision.name, from };
    taken.add(decision.name);
  } else if (score && isBinary(score.values)) {
    // A "score" that is already 0/1 (as in Aequitas' COMPAS file) is a decision.
    proposal.decision = { column: score.name, from };
    taken.add(score.name);
  } else if (score && isNumeric(score.values)) {
    proposal.score = { column: score.name, from, threshold: proposeThreshold(score.values) };
    taken.add(score.name);
  }

  // An outcome has two values; "income" in thousands is not one.
  const label = best(data, LABELS, taken, (c) => (isBinary(c.values) ? 5 : 0));
  if (label && distinct(label.values).length === 2) {
    taken.add(label.name);
    const l: ConfigProposal["label"] = { column: label.name };
    if (!isBinary(label.values)) {
      const positive = rarest(label.values);
      if (positive !== undefined) l.positive = positive;
    }
    proposal.label = l;
  }
  if (!proposal.decision && !proposal.score && proposal.label && label && isBinary(label.values)) {
    proposal.decision = { column: proposal.label.column, from: "data" };
    proposal.outcomeAsDecision = true;
  }

  const price = best(data, PRICES, taken, (c) => (isNumeric(c.values) ? 5 : -20));
  if (price && isNumeric(price.values)) proposal.price = price.name;
  return proposal;
}

/** Probabilities: 0.5; other units (deciles, points): the sample's median, a neutral start. */
function proposeThreshold(values: readonly string[]): number {
  const xs = values
    .map(Number)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (xs.length === 0) return 0.5;
  if ((xs[0] as number) >= 0 && (xs[xs.length - 1] as number) <= 1) return 0.5;
  return xs[Math.floor(xs.length / 2)] as number;
}

/** Of a two-valued outcome, the rarer value is usually the positive one (">50K", "bad"). */
function rarest(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) {
    const t = v.trim();
    if (t !== "") counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  let winner: string | undefined;
  for (const [v, n] of counts)
    if (winner === undefined || n < (counts.get(winner) ?? 0)) winner = v;
  return winner;
}
