/** A compressed sparse row matrix of TF-IDF vectors with integer labels: the training set in memory. */
import type { MessageText } from '../features.ts';
import type { TfidfVectorizer } from '../vectorizer.ts';

export interface SparseDataset {
  readonly rows: number;
  readonly dimension: number;
  readonly classes: number;
  /** Row r's entries are rowStart[r] … rowStart[r + 1] − 1. */
  readonly rowStart: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  readonly labels: Int32Array;
}

export function vectorizeAll(
  vectorizer: TfidfVectorizer,
  documents: readonly MessageText[],
  labels: readonly number[],
  classes: number,
): SparseDataset {
  const rowStart = new Int32Array(documents.length + 1);
  const chunks: Array<{ indices: Int32Array; values: Float64Array }> = [];
  let total = 0;
  documents.forEach((document, r) => {
    const nnz = vectorizer.vectorize(document);
    chunks.push({ indices: vectorizer.indices.slice(0, nnz), values: vectorizer.values.slice(0, nnz) });
    total += nnz;
    rowStart[r + 1] = total;
  });
  const indices = new Int32Array(total);
  const values = new Float64Array(total);
  chunks.forEach((chunk, r) => {
    indices.set(chunk.indices, rowStart[r]);
    values.set(chunk.values, rowStart[r]);
  });
  return { rows: documents.length, dimension: vectorizer.dimension, classes, rowStart, indices, values, labels: Int32Array.from(labels) };
}
