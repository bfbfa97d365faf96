/**
 * The synthetic retail-bank campaign model behind scripts/generate-campaign.ts.
 *
 * Every customer is a pure function of (seed, customer_id): a counter-based
 * generator (a Weyl sequence finalised by the murmur3 fmix32 mixer, as in
 * splitmix32) is keyed per customer. This lets the generator emit rows in any
 * order — e.g. a seeded random permutation of the model output — without
 * keeping per-row state in memory, and it makes a customer's attributes
 * identical across layouts and orders for the same seed.
 */

export const GENDERS = ["Female", "Male", "Non-binary", ""] as const;
export const REGIONS = ["Nord", "Süd", "Ost", "West"] as const;
export const ETHNICITIES = ["German", "Eastern European", "Turkish", "Other", ""] as const;
export const CHANNELS = ["email", "app", "web", "branch"] as const;
export const AGE_BANDS = ["<30", "30-59", "60+"] as const;
export const TIERS = ["Basis", "Plus", "Premium", "Exklusiv"] as const;

/** Cumulative probabilities, same order as GENDERS (Female 49%, Male 48%, Non-binary 2%, missing 1%). */
const GENDER_CDF = [0.49, 0.97, 0.99, 1] as const;
/** Nord 22%, Süd 30%, Ost 18%, West 30%. */
const REGION_CDF = [0.22, 0.52, 0.7, 1] as const;
/** German 68%, Eastern European 11%, Turkish 7%, Other 9%, missing 5%. */
const ETHNICITY_CDF = [0.68, 0.79, 0.86, 0.95, 1] as const;
/** Channel mix for customers under 60 / aged 60+ (older customers use the branch more). */
const CHANNEL_CDF_YOUNG = [0.35, 0.7, 0.93, 1] as const;
const CHANNEL_CDF_OLD = [0.4, 0.55, 0.75, 1] as const;
/**
 * Age: bands with realistic weights, uniform within a band.
 * 18–29: 18%, 30–44: 27%, 45–59: 27%, 60–74: 20%, 75–90: 8%.
 */
const AGE_BAND_CDF = [0.18, 0.45, 0.72, 0.92, 1] as const;
const AGE_BAND_LO = [18, 30, 45, 60, 75] as const;
const AGE_BAND_SPAN = [12, 15, 15, 15, 16] as const;
/** Account tier: Basis 40%, Plus 30%, Premium 20%, Exklusiv 10%; monthly fee in cents. */
const TIER_CDF = [0.4, 0.7, 0.9, 1] as const;
const TIER_FEE_CENTS = [490, 790, 1290, 1690] as const;
/** Regional surcharge in cents, same order as REGIONS. */
const REGION_SURCHARGE_CENTS = [50, 150, 0, 100] as const;

/**
 * The knobs that create the disparities. Selection (targeting) probability of
 * a customer = baseSelectionRate × ageMultiplier[band] × genderMultiplier[gender].
 * Gender and age are drawn independently, so the realised 60+ vs 30–59
 * selection-rate ratio targets ageMultiplier["60+"] / ageMultiplier["30-59"].
 */
export interface CampaignParameters {
  baseSelectionRate: number;
  ageMultiplier: Record<(typeof AGE_BANDS)[number], number>;
  /** Indexed like GENDERS (Female, Male, Non-binary, missing). */
  genderMultiplier: readonly [number, number, number, number];
  /** Correlation between the model's signal and the true conversion propensity. */
  modelSignalCorrelation: number;
  /** Logit slope of the score. */
  scoreScale: number;
  /** Conversion: P(converted) = sigmoid(conversionIntercept + conversionSlope × propensity + conversionAgeShift[band]). */
  conversionIntercept: number;
  conversionSlope: number;
  conversionAgeShift: Record<(typeof AGE_BANDS)[number], number>;
  /** Relative markup on the monthly fee, indexed like GENDERS. */
  genderPriceMarkup: readonly [number, number, number, number];
  consentRate: number;
  /** Share of customers without a model output in the shuffled order. */
  missingModelOutputRate: number;
}

export const DEFAULT_PARAMETERS: CampaignParameters = {
  baseSelectionRate: 0.4,
  ageMultiplier: { "<30": 1.0, "30-59": 1.0, "60+": 0.86 },
  genderMultiplier: [1.0, 0.97, 1.0, 1.0],
  modelSignalCorrelation: 0.6,
  scoreScale: 1.6,
  conversionIntercept: -2.1,
  conversionSlope: 1.3,
  conversionAgeShift: { "<30": 0.1, "30-59": 0.0, "60+": -0.15 },
  genderPriceMarkup: [0.04, 0, 0, 0],
  consentRate: 0.95,
  missingModelOutputRate: 0.005,
};

/** One generated customer; a single instance is reused to avoid allocation per row. */
export interface Customer {
  id: number;
  gender: number;
  age: number;
  ageBand: number;
  region: number;
  ethnicity: number;
  channel: number;
  consent: boolean;
  converted: boolean;
  tier: number;
  offerPriceCents: number;
  /** Score in millionths (0..1_000_000), i.e. the 6-decimal score as an integer. */
  scoreMicros: number;
  targeted: boolean;
  /** True if this customer has no model output in the shuffled order. */
  noModelOutput: boolean;
}

export function newCustomer(): Customer {
  return {
    id: 0,
    gender: 0,
    age: 0,
    ageBand: 0,
    region: 0,
    ethnicity: 0,
    channel: 0,
    consent: true,
    converted: false,
    tier: 0,
    offerPriceCents: 0,
    scoreMicros: 0,
    targeted: false,
    noModelOutput: false,
  };
}

/** murmur3 32-bit finaliser: a bijective avalanche mixer on uint32. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const GOLDEN = 0x9e3779b9;
/** Uniform draws consumed per customer (fixed, so a customer's values never depend on others). */
const UNIFORMS_PER_CUSTOMER = 12;
const TWO_POW_32 = 4294967296;

/** Seed-dependent key, mixed so nearby seeds give unrelated streams. */
export function seedKey(seed: number, stream: number): number {
  return fmix32(fmix32(seed >>> 0) ^ Math.imul(stream + 1, 0x632be5ab));
}

function pick(cdf: readonly number[], u: number): number {
  for (let i = 0; i < cdf.length - 1; i++) {
    if (u < (cdf[i] as number)) return i;
  }
  return cdf.length - 1;
}

/**
 * Inverse standard normal CDF (Acklam's rational approximation, |rel. error| < 1.2e-9),
 * used once per group to turn target selection rates into score offsets.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0,1), got ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628274631,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
    );
  }
  if (p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return (
      -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}

/**
 * Draws customers for one seed. `draw(id, c)` fills `c` with customer `id`;
 * the result depends only on (seed, id, parameters).
 */
export class CampaignModel {
  private readonly key: number;
  /** Score logit offset per (ageBand, gender): scoreScale × Φ⁻¹(target selection rate). */
  private readonly offsets: Float64Array;
  private readonly p: CampaignParameters;
  private readonly noiseWeight: number;
  private readonly convShift: Float64Array;
  private readonly markup: Float64Array;
  private readonly uniforms = new Float64Array(UNIFORMS_PER_CUSTOMER);

  constructor(seed: number, params: CampaignParameters = DEFAULT_PARAMETERS) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
    }
    this.p = params;
    this.key = seedKey(seed, 0);
    this.noiseWeight = Math.sqrt(1 - params.modelSignalCorrelation ** 2);
    this.convShift = Float64Array.from(AGE_BANDS, (b) => params.conversionAgeShift[b]);
    this.markup = Float64Array.from(params.genderPriceMarkup);
    this.offsets = new Float64Array(AGE_BANDS.length * GENDERS.length);
    AGE_BANDS.forEach((band, b) => {
      GENDERS.forEach((_, g) => {
        const rate =
          params.baseSelectionRate * params.ageMultiplier[band] * (params.genderMultiplier[g] ?? 1);
        this.offsets[b * GENDERS.length + g] = params.scoreScale * normalQuantile(rate);
      });
    });
  }

  /** Target selection rate for an (age band, gender) cell — for tests and docs. */
  targetSelectionRate(band: (typeof AGE_BANDS)[number], gender: number): number {
    return (
      this.p.baseSelectionRate * this.p.ageMultiplier[band] * (this.p.genderMultiplier[gender] ?? 1)
    );
  }

  /**
   * Fills `c` with customer `id`. With `scoreOnly`, only id, gender, age, ageBand,
   * scoreMicros, targeted and noModelOutput are set (the same values a full draw gives).
   */
  draw(id: number, c: Customer, scoreOnly = false): Customer {
    const p = this.p;
    // Per-customer counter-based stream: the state walks a Weyl sequence, outputs are
    // fmix32(state). Each attribute reads its own fixed slot, so values never shift.
    const u = this.uniforms;
    let state = fmix32(fmix32(id) ^ this.key);
    for (let k = 0; k < UNIFORMS_PER_CUSTOMER; k++) {
      state = (state + GOLDEN) >>> 0;
      u[k] = fmix32(state) / TWO_POW_32;
    }

    c.id = id;
    const gender = pick(GENDER_CDF, u[0] as number);
    c.gender = gender;
    const ab = pick(AGE_BAND_CDF, u[1] as number);
    c.age =
      (AGE_BAND_LO[ab] as number) + Math.floor((u[2] as number) * (AGE_BAND_SPAN[ab] as number));
    const band = c.age < 30 ? 0 : c.age < 60 ? 1 : 2;
    c.ageBand = band;

    // Two independent standard normals (Box–Muller): true propensity and model noise.
    const r = Math.sqrt(-2 * Math.log(1 - (u[7] as number)));
    const theta = 2 * Math.PI * (u[8] as number);
    const propensity = r * Math.cos(theta);
    const noise = r * Math.sin(theta);

    const signal = p.modelSignalCorrelation * propensity + this.noiseWeight * noise;
    const logit = p.scoreScale * signal + (this.offsets[band * GENDERS.length + gender] as number);
    c.scoreMicros = Math.round(1e6 / (1 + Math.exp(-logit)));
    c.targeted = c.scoreMicros >= 500000;
    c.noModelOutput = (u[11] as number) < p.missingModelOutputRate;
    if (scoreOnly) return c;

    c.region = pick(REGION_CDF, u[3] as number);
    c.ethnicity = pick(ETHNICITY_CDF, u[4] as number);
    c.channel = pick(band === 2 ? CHANNEL_CDF_OLD : CHANNEL_CDF_YOUNG, u[5] as number);
    c.consent = (u[6] as number) < p.consentRate;

    const conv =
      p.conversionIntercept + p.conversionSlope * propensity + (this.convShift[band] as number);
    c.converted = (u[9] as number) < 1 / (1 + Math.exp(-conv));

    const tier = pick(TIER_CDF, u[10] as number);
    c.tier = tier;
    const fee = (TIER_FEE_CENTS[tier] as number) + (REGION_SURCHARGE_CENTS[c.region] as number);
    // Markup rounded to 10 cents so prices look like real fee schedules.
    c.offerPriceCents = fee + Math.round((fee * (this.markup[gender] as number)) / 10) * 10;
    return c;
  }
}

/**
 * A seeded pseudo-random permutation of [0, n) in O(1) memory: a 4-round
 * balanced Feistel network on the smallest even bit width covering n, with
 * cycle walking to stay inside [0, n).
 */
export class Permutation {
  private readonly half: number;
  private readonly mask: number;
  private readonly keys: Uint32Array;

  constructor(
    readonly n: number,
    seed: number,
  ) {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32)
      throw new RangeError(`bad permutation size ${n}`);
    let bits = 2;
    while (2 ** bits < n) bits++;
    if (bits % 2 === 1) bits++;
    this.half = 2 ** (bits / 2);
    this.mask = this.half - 1;
    this.keys = new Uint32Array(4);
    for (let i = 0; i < 4; i++) this.keys[i] = seedKey(seed, 100 + i);
  }

  private round(x: number): number {
    const half = this.half;
    const m = this.mask;
    const keys = this.keys;
    let r = x % half;
    let l = (x - r) / half;
    for (let i = 0; i < 4; i++) {
      const f = fmix32(r ^ (keys[i] as number)) & m;
      const nl = r;
      r = (l ^ f) & m;
      l = nl;
    }
    return l * half + r;
  }

  at(i: number): number {
    let x = this.round(i);
    while (x >= this.n) x = this.round(x);
    return x;
  }
}
