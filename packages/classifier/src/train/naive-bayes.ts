/** Multinomial naive Bayes on the same TF-IDF vectors: the baseline the linear model has to beat. */
import type { SparseDataset } from './sparse.ts';

export interface NaiveBayesModel {
  readonly classes: number;
  /** ln P(class). */
  readonly logPrior: Float64Array;
  /** ln P(feature | class), feature-major. */
  readonly logLikelihood: Float64Array;
}

export function trainNaiveBayes(data: SparseDataset, alpha: number): NaiveBayesModel {
  const { classes, dimension, rows } = data;
  const mass = new Float64Array(dimension * classes);
  const classMass = new Float64Array(classes);
  const classRows = new Float64Array(classes);
  for (let r = 0; r < rows; r++) {
    const c = data.labels[r] as number;
    classRows[c] = (classRows[c] as number) + 1;
    for (let k = data.rowStart[r] as number; k < (data.rowStart[r + 1] as number); k++) {
      const j = (data.indices[k] as number) * classes + c;
      const v = data.values[k] as number;
      mass[j] = (mass[j] as number) + v;
      classMass[c] = (classMass[c] as number) + v;
    }
  }
  const logPrior = new Float64Array(classes);
  for (let c = 0; c < classes; c++) logPrior[c] = Math.log((classRows[c] as number) / rows);
  const logLikelihood = new Float64Array(dimension * classes);
  for (let c = 0; c < classes; c++) {
    const denominator = Math.log((classMass[c] as number) + alpha * dimension);
    for (let i = 0; i < dimension; i++) {
      const j = i * classes + c;
      logLikelihood[j] = Math.log((mass[j] as number) + alpha) - denominator;
    }
  }
  return { classes, logPrior, logLikelihood };
}

/** The naive Bayes class of each row. */
export function predictNaiveBayes(model: NaiveBayesModel, data: SparseDataset): Int32Array {
  const { classes } = model;
  const out = new Int32Array(data.rows);
  const score = new Float64Array(classes);
  for (let r = 0; r < data.rows; r++) {
    score.set(model.logPrior);
    for (let k = data.rowStart[r] as number; k < (data.rowStart[r + 1] as number); k++) {
      const base = (data.indices[k] as number) * classes;
      const v = data.values[k] as number;
      for (let c = 0; c < classes; c++) score[c] = (score[c] as number) + v * (model.logLikelihood[base + c] as number);
    }
    let best = 0;
    for (let c = 1; c < classes; c++) if ((score[c] as number) > (score[best] as number)) best = c;
    out[r] = best;
  }
  return out;
}
