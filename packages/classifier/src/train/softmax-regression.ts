/**
 * Multinomial logistic regression (softmax) with L2, trained by mini-batch Adam with a cosine learning-rate decay
 * and a seeded shuffle, so the same data and options give the same weights.
 *
 * Objective: mean over rows of (class weight × cross-entropy) + (l2 / 2)·‖W‖² (biases not penalised).
 */
import { seededRandom, shuffleInPlace } from '../rng.ts';
import type { SparseDataset } from './sparse.ts';

export interface SoftmaxRegressionOptions {
  readonly l2: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: number;
  /** 'balanced' weights each class by rows / (classes × rows of the class). */
  readonly classWeighting: 'none' | 'balanced';
}

export interface SoftmaxWeights {
  /** dimension × classes, feature-major. */
  readonly weights: Float64Array;
  readonly bias: Float64Array;
}

export interface EpochReport {
  readonly epoch: number;
  readonly loss: number;
}

export function trainSoftmaxRegression(
  data: SparseDataset,
  options: SoftmaxRegressionOptions,
  onEpoch?: (report: EpochReport) => void,
): SoftmaxWeights {
  const { classes, dimension, rows } = data;
  const size = dimension * classes;
  const weights = new Float64Array(size);
  const bias = new Float64Array(classes);
  const gradW = new Float64Array(size);
  const gradB = new Float64Array(classes);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const mB = new Float64Array(classes);
  const vB = new Float64Array(classes);
  const touched = new Uint8Array(dimension);
  const touchedList = new Int32Array(dimension);
  const p = new Float64Array(classes);

  const classRows = new Float64Array(classes);
  for (let r = 0; r < rows; r++) classRows[data.labels[r] as number] = (classRows[data.labels[r] as number] as number) + 1;
  const classWeight = new Float64Array(classes).fill(1);
  if (options.classWeighting === 'balanced') {
    for (let c = 0; c < classes; c++) classWeight[c] = (classRows[c] as number) > 0 ? rows / (classes * (classRows[c] as number)) : 0;
  }

  const beta1 = 0.9;
  const beta2 = 0.999;
  const epsilon = 1e-8;
  const l2 = options.l2;
  const batchSize = Math.max(1, options.batchSize);
  const stepsPerEpoch = Math.ceil(rows / batchSize);
  const totalSteps = stepsPerEpoch * options.epochs;
  const random = seededRandom(options.seed);
  const order = Array.from({ length: rows }, (_, i) => i);
  let step = 0;

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    shuffleInPlace(order, random);
    let lossSum = 0;
    for (let start = 0; start < rows; start += batchSize) {
      const end = Math.min(rows, start + batchSize);
      const scale = 1 / (end - start);
      let touchedCount = 0;
      gradB.fill(0);
      for (let b = start; b < end; b++) {
        const r = order[b] as number;
        const from = data.rowStart[r] as number;
        const to = data.rowStart[r + 1] as number;
        const label = data.labels[r] as number;
        for (let c = 0; c < classes; c++) p[c] = bias[c] as number;
        for (let k = from; k < to; k++) {
          const base = (data.indices[k] as number) * classes;
          const x = data.values[k] as number;
          for (let c = 0; c < classes; c++) p[c] = (p[c] as number) + x * (weights[base + c] as number);
        }
        let max = -Infinity;
        for (let c = 0; c < classes; c++) max = Math.max(max, p[c] as number);
        let sum = 0;
        for (let c = 0; c < classes; c++) {
          const e = Math.exp((p[c] as number) - max);
          p[c] = e;
          sum += e;
        }
        const w = (classWeight[label] as number) * scale;
        lossSum += (classWeight[label] as number) * -Math.log(Math.max((p[label] as number) / sum, 1e-300));
        for (let c = 0; c < classes; c++) p[c] = ((p[c] as number) / sum - (c === label ? 1 : 0)) * w;
        for (let c = 0; c < classes; c++) gradB[c] = (gradB[c] as number) + (p[c] as number);
        for (let k = from; k < to; k++) {
          const feature = data.indices[k] as number;
          if (touched[feature] === 0) {
            touched[feature] = 1;
            touchedList[touchedCount++] = feature;
          }
          const base = feature * classes;
          const x = data.values[k] as number;
          for (let c = 0; c < classes; c++) gradW[base + c] = (gradW[base + c] as number) + x * (p[c] as number);
        }
      }

      step++;
      const lr = options.learningRate * 0.5 * (1 + Math.cos((Math.PI * (step - 1)) / totalSteps));
      const correction1 = 1 - Math.pow(beta1, step);
      const correction2 = 1 - Math.pow(beta2, step);
      const stepSize = (lr * Math.sqrt(correction2)) / correction1;
      // Dense update: the L2 term touches every weight.
      for (let j = 0; j < size; j++) {
        const g = (gradW[j] as number) + l2 * (weights[j] as number);
        const mj = beta1 * (m[j] as number) + (1 - beta1) * g;
        const vj = beta2 * (v[j] as number) + (1 - beta2) * g * g;
        m[j] = mj;
        v[j] = vj;
        weights[j] = (weights[j] as number) - (stepSize * mj) / (Math.sqrt(vj) + epsilon);
      }
      for (let c = 0; c < classes; c++) {
        const g = gradB[c] as number;
        const mj = beta1 * (mB[c] as number) + (1 - beta1) * g;
        const vj = beta2 * (vB[c] as number) + (1 - beta2) * g * g;
        mB[c] = mj;
        vB[c] = vj;
        bias[c] = (bias[c] as number) - (stepSize * mj) / (Math.sqrt(vj) + epsilon);
      }
      for (let t = 0; t < touchedCount; t++) {
        const feature = touchedList[t] as number;
        touched[feature] = 0;
        gradW.fill(0, feature * classes, feature * classes + classes);
      }
    }
    onEpoch?.({ epoch, loss: lossSum / rows });
  }
  return { weights, bias };
}

/**
 * Removes, per feature, the mean of its weights across classes (and likewise for the biases). Softmax is
 * unchanged by this; it only makes weights comparable and smaller.
 */
export function centerAcrossClasses(model: SoftmaxWeights, classes: number): void {
  const { weights, bias } = model;
  for (let base = 0; base < weights.length; base += classes) {
    let mean = 0;
    for (let c = 0; c < classes; c++) mean += weights[base + c] as number;
    mean /= classes;
    for (let c = 0; c < classes; c++) weights[base + c] = (weights[base + c] as number) - mean;
  }
  let mean = 0;
  for (let c = 0; c < classes; c++) mean += bias[c] as number;
  mean /= classes;
  for (let c = 0; c < classes; c++) bias[c] = (bias[c] as number) - mean;
}
