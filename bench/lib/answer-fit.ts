// Fits linear span weights: softmax over each question's candidates, maximising the expected F1 of the pick (Adam, L2);
// and the logistic confidence model.
import { SPAN_GROUPS, type SpanGroup } from '../../src/answer/span.ts';

/** One question's candidates: a feature vector and the F1 of each candidate against the gold answers. */
export interface FitGroup {
  features: number[][];
  f1: number[];
}

export interface FitOptions {
  /** Full-batch Adam steps. Default 400. */
  steps?: number;
  /** Default 0.05. */
  learningRate?: number;
  /** L2 penalty on the weights. Default 1e-3. */
  l2?: number;
  /** Softmax sharpness. Default 3 (scores are multiplied by it before the softmax). */
  temperature?: number;
}

/**
 * Gradient ascent on mean_q Σ_c softmax(s)_c · F1_c − l2 · |w|², from `initial`. A group with a `block`
 * scores with the shared weights plus that block's offsets: w[0..d) + w[d·(1+block) .. d·(2+block)).
 * @example fitWeights(groups, new Array(32).fill(0)) // → weights whose argmax pick has a high F1
 */
export function fitWeights(
  groups: readonly (FitGroup & { block?: number })[],
  initial: readonly number[],
  options: FitOptions = {},
): number[] {
  const steps = options.steps ?? 400;
  const rate = options.learningRate ?? 0.05;
  const l2 = options.l2 ?? 1e-3;
  const sharp = options.temperature ?? 3;
  const w = Float64Array.from(initial);
  const m = new Float64Array(w.length);
  const v = new Float64Array(w.length);
  const grad = new Float64Array(w.length);
  const d = groups.find((g) => g.features.length > 0)?.features[0]?.length ?? 0;
  for (let step = 1; step <= steps; step++) {
    grad.fill(0);
    for (const g of groups) {
      const n = g.features.length;
      if (n === 0) continue;
      const at = g.block === undefined ? -1 : d * (1 + g.block);
      const s = g.features.map((x) => {
        let z = 0;
        for (let k = 0; k < d; k++) z += x[k]! * (w[k]! + (at < 0 ? 0 : w[at + k]!));
        return sharp * z;
      });
      const top = Math.max(...s);
      const e = s.map((x) => Math.exp(x - top));
      const z = e.reduce((a, b) => a + b, 0);
      let expected = 0;
      for (let i = 0; i < n; i++) expected += (e[i]! / z) * g.f1[i]!;
      // d E / d s_i = p_i (F1_i − E)
      for (let i = 0; i < n; i++) {
        const coef = (sharp * (e[i]! / z) * (g.f1[i]! - expected)) / groups.length;
        if (coef === 0) continue;
        const x = g.features[i]!;
        for (let k = 0; k < d; k++) {
          grad[k]! += coef * x[k]!;
          if (at >= 0) grad[at + k]! += coef * x[k]!;
        }
      }
    }
    for (let k = 0; k < w.length; k++) {
      const gk = grad[k]! - 2 * l2 * w[k]!;
      m[k] = 0.9 * m[k]! + 0.1 * gk;
      v[k] = 0.999 * v[k]! + 0.001 * gk * gk;
      w[k]! += (rate * (m[k]! / (1 - 0.9 ** step))) / (Math.sqrt(v[k]! / (1 - 0.999 ** step)) + 1e-8);
    }
  }
  return [...w];
}

/** Mean F1 of each group's highest-scoring candidate (0 for a group without candidates). */
export function pickedF1(groups: readonly FitGroup[], weights: readonly number[]): number {
  let sum = 0;
  for (const g of groups) {
    let best = -Infinity;
    let f1 = 0;
    g.features.forEach((x, i) => {
      const s = dot(x, weights);
      if (s > best) {
        best = s;
        f1 = g.f1[i]!;
      }
    });
    sum += f1;
  }
  return groups.length === 0 ? 0 : sum / groups.length;
}

function dot(x: readonly number[], w: readonly number[]): number {
  let s = 0;
  for (let k = 0; k < w.length; k++) s += x[k]! * w[k]!;
  return s;
}

export interface TypedFitGroup extends FitGroup {
  group: SpanGroup;
}

/**
 * Shared weights plus a per-group offset, fitted jointly (the L2 penalty keeps offsets small where a
 * group has little data), returned as one weight vector per group: shared + offset.
 */
export function fitTypedWeights(
  groups: readonly TypedFitGroup[],
  dimensions: number,
  options: FitOptions = {},
): Record<SpanGroup, number[]> {
  const blocks = groups.map((g) => ({ ...g, block: SPAN_GROUPS.indexOf(g.group) }));
  const w = fitWeights(blocks, new Array<number>(dimensions * (1 + SPAN_GROUPS.length)).fill(0), options);
  const out = {} as Record<SpanGroup, number[]>;
  SPAN_GROUPS.forEach((group, k) => {
    out[group] = Array.from({ length: dimensions }, (_, i) => w[i]! + w[dimensions * (1 + k) + i]!);
  });
  return out;
}

/**
 * Logistic regression by gradient descent; the returned vector ends with the intercept.
 * @example fitLogistic([[0], [1]], [0, 1]) // → [w, b] with sigmoid(w·x + b) ≈ the labels
 */
export function fitLogistic(
  rows: readonly number[][],
  labels: readonly number[],
  options: { steps?: number; learningRate?: number; l2?: number } = {},
): number[] {
  const d = rows[0]?.length ?? 0;
  const w = new Array<number>(d + 1).fill(0);
  const m = new Array<number>(d + 1).fill(0);
  const v = new Array<number>(d + 1).fill(0);
  const steps = options.steps ?? 2000;
  const rate = options.learningRate ?? 0.05;
  const l2 = options.l2 ?? 1e-4;
  for (let step = 1; step <= steps; step++) {
    const grad = new Array<number>(d + 1).fill(0);
    rows.forEach((x, r) => {
      let z = w[d]!;
      for (let k = 0; k < d; k++) z += w[k]! * x[k]!;
      const err = labels[r]! - 1 / (1 + Math.exp(-z));
      for (let k = 0; k < d; k++) grad[k]! += (err * x[k]!) / rows.length;
      grad[d]! += err / rows.length;
    });
    for (let k = 0; k <= d; k++) {
      const g = grad[k]! - (k < d ? 2 * l2 * w[k]! : 0);
      m[k] = 0.9 * m[k]! + 0.1 * g;
      v[k] = 0.999 * v[k]! + 0.001 * g * g;
      w[k]! += (rate * (m[k]! / (1 - 0.9 ** step))) / (Math.sqrt(v[k]! / (1 - 0.999 ** step)) + 1e-8);
    }
  }
  return w;
}
