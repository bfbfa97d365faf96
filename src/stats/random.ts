/**
 * Seeded pseudo-random numbers for reproducible bootstrap intervals: the same
 * seed gives the same resamples on every platform, which Math.random cannot.
 *
 * Generator: xoshiro128** 1.1 (Blackman, D. & Vigna, S. 2021. Scrambled
 * linear pseudorandom number generators. ACM TOMS 47(4), article 36;
 * reference C at prng.di.unimi.it). 128-bit state, period 2¹²⁸ − 1, passes
 * BigCrush, and needs only 32-bit integer operations, which JavaScript does
 * exactly with Math.imul and >>> (no BigInt on the hot path).
 *
 * Seeding: the four state words are successive outputs of a SplitMix-style
 * counter (Weyl increment 0x9e3779b9) passed through the "lowbias32"
 * integer hash (Wellons, hash-prospector), so nearby seeds give unrelated
 * streams and the all-zero state cannot occur.
 */
export interface Rng {
  /** Next 32-bit unsigned integer. */
  nextUint32(): number;
  /**
   * Next double uniform on the open interval (0, 1) with 53 random bits:
   * (k + 0.5) / 2⁵³. Never 0 or 1, so log(u) and 1/u are always finite.
   */
  nextFloat(): number;
}

function rotateLeft(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function hash32(input: number): number {
  let x = input >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** xoshiro128** from an explicit state of four 32-bit words (not all zero). */
export function createRngFromState(state: readonly [number, number, number, number]): Rng {
  let [s0, s1, s2, s3] = state.map((word) => word >>> 0) as [number, number, number, number];
  if ((s0 | s1 | s2 | s3) === 0) {
    throw new RangeError("xoshiro128** state must not be all zero");
  }
  const nextUint32 = (): number => {
    const result = Math.imul(rotateLeft(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotateLeft(s3, 11);
    return result;
  };
  return {
    nextUint32,
    nextFloat(): number {
      const high = nextUint32() >>> 5; // 27 bits
      const low = nextUint32() >>> 6; // 26 bits
      return (high * 67108864 + low + 0.5) / 9007199254740992;
    },
  };
}

/** xoshiro128** seeded from a non-negative safe integer. */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
  }
  const low = seed >>> 0;
  const high = Math.floor(seed / 4294967296) >>> 0;
  let counter = hash32(low ^ hash32(high));
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    counter = (counter + 0x9e3779b9) >>> 0;
    words.push(hash32(counter));
  }
  const [w0 = 0, w1 = 0, w2 = 0, w3 = 0] = words;
  return createRngFromState((w0 | w1 | w2 | w3) === 0 ? [1, 0, 0, 0] : [w0, w1, w2, w3]);
}
