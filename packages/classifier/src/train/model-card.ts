/** MODEL_CARD.md, written by the training command from the training report. */
import type { Evaluation } from '../metrics.ts';
import type { LinearModel } from '../model.ts';
import type { TrainingReport } from './pipeline.ts';

/** English glosses of the seven top-level classes. */
export const LABEL_GLOSSES: Record<string, string> = {
  城乡建设: 'urban and rural construction (housing, property management, planning, utilities, safety)',
  劳动和社会保障: 'labour and social security (wages, contracts, pensions, insurance)',
  教育文体: 'education, culture and sports',
  商贸旅游: 'commerce, trade and tourism (markets, prices, consumer rights)',
  环境保护: 'environmental protection (pollution, noise, waste)',
  卫生计生: 'health and family planning (hospitals, medicine, births)',
  交通运输: 'transport (public transport, roads, taxis, vehicles)',
};

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const f3 = (x: number): string => x.toFixed(3);

function confusionTable(evaluation: Evaluation): string {
  const head = `| gold \\ predicted | ${evaluation.labels.join(' | ')} |`;
  const rule = `|---|${evaluation.labels.map(() => '---:').join('|')}|`;
  const rows = evaluation.labels.map((label, i) => `| ${label} | ${(evaluation.confusion[i] as number[]).join(' | ')} |`);
  return [head, rule, ...rows].join('\n');
}

export interface ModelCardFacts {
  readonly fileName: string;
  readonly fileBytes: number;
  readonly dataDir: string;
}

export function renderModelCard(model: LinearModel, report: TrainingReport, facts: ModelCardFacts): string {
  const { split, options, calibration } = report;
  const lr = report.model.evaluation;
  const nb = report.naiveBayes.evaluation;
  const nbByLabel = new Map(nb.perClass.map((m) => [m.label, m]));
  const perClass = lr.perClass
    .map((m) => {
      const base = nbByLabel.get(m.label);
      return `| ${m.label} | ${report.trainingRowsPerClass[m.label] ?? 0} | ${m.support} | ${f3(m.precision)} | ${f3(m.recall)} | ${f3(m.f1)} | ${base ? f3(base.f1) : '–'} |`;
    })
    .join('\n');
  const labels = report.labels.map((label) => `- ${label}: ${LABEL_GLOSSES[label] ?? ''}`).join('\n');
  const coverage = report.coverage
    .map((c) => `| ${pct(c.precision)} | ${c.threshold === null ? '–' : c.threshold.toFixed(3)} | ${pct(c.coverage)} |`)
    .join('\n');
  const reg = options.regression;
  return `# Model card: ${model.version}

Message classifier of the 12345 hotline pipeline (\`@hotline/classifier\`): assigns a citizen message (title and
body, raw Chinese text) to one of 7 top-level categories, with calibrated probabilities and ranked alternatives.
This file is written by \`bash scripts/train-classifier\`; do not edit it by hand.

| | |
|---|---|
| version | \`${model.version}\` |
| trained on | ${model.trainedOn} |
| file | \`${facts.fileName}\` (${(facts.fileBytes / 1024 / 1024).toFixed(2)} MB, gzip-compressed JSON) |
| model | multinomial logistic regression (softmax), L2, over TF-IDF features; int16-quantised weights |
| tokenizer | ${model.tokenizer.id} (fingerprint \`${model.tokenizer.fingerprint}\`) |
| temperature | ${calibration.temperature.toFixed(4)} |

## Classes

${labels}

## Data

TipDM 2020 problem C (泰迪杯 "智慧政务中的文本挖掘应用", 附件2): public competition data with anonymised places
and people, labelled with the 一级分类 (see \`${facts.dataDir}/README.md\`). Used:

- \`labeled_raw.jsonl\`: ${split.rawRows} raw messages;
- \`labeled_segmented.jsonl\`: ${split.segmentedRows} rows already cut by jieba with stopwords removed. Their tokens are rejoined without spaces and go through the same feature extraction as raw text.

The encrypted hold-out files were not read. The model file holds vocabulary and weights only, no message text.

## Split (no leakage)

- Raw rows whose id carries two labels are dropped everywhere (ids: ${split.conflictingIds.join(', ') || 'none'}); with texts that repeat under two labels, ${split.rawDroppedConflicting} raw rows are unused.
- Raw rows with the same text (CJK characters of title + body) form one group (${split.rawDuplicateRows} repeated rows). Groups are split ${pct(1 - options.split.validationFraction)} / ${pct(options.split.validationFraction)}, stratified by category, seed ${options.split.seed}; validation keeps one row per group: **${split.validationRows} validation messages**.
- Segmented rows made from a validation raw row are dropped (${split.segmentedDroppedLinkedToValidation}); segmented rows made from a training raw row are ${options.split.keepLinkedSegmented ? 'kept' : `dropped as repeats (${split.segmentedDroppedLinkedToTraining})`}.
- Training rows sharing ≥ ${pct(options.split.nearDuplicateContainment)} of their (or a validation message's) character 5-grams with a validation message are dropped as near-duplicates (${split.droppedNearDuplicateOfValidation}).
- Inside training, repeated texts are kept once (${split.droppedDuplicateInTraining} dropped) and texts with two labels are dropped (${split.droppedConflictingInTraining}).
- Training: **${split.trainingRaw + split.trainingSegmented} rows** (${split.trainingRaw} raw, ${split.trainingSegmented} segmented).

The committed model is the one trained on this training split, so the validation figures below describe exactly
this file.

## Features and training

- Words from the tokenizer (jieba + civic dictionary, stopwords/punctuation/numbers removed), reduced to their CJK characters, plus all-Latin words of ≥ ${options.features.minLatinWordLength} letters; character ${options.features.charNgrams.join('- and ')}-grams over the CJK stream of those words; title features count ×${options.features.titleWeight}.
- Vocabulary: words in ≥ ${options.vocabulary.minWordDf} training documents (${report.vocabulary.words}), n-grams in ≥ ${options.vocabulary.minGramDf} (${report.vocabulary.grams}); ${report.vocabulary.meanFeaturesPerRow.toFixed(0)} features per training row on average.
- TF-IDF: sublinear tf (1 + ln tf), smoothed idf, l2-normalised.
- Softmax regression: L2 ${reg.l2}, ${reg.classWeighting} class weights, mini-batch Adam (batch ${reg.batchSize}, learning rate ${reg.learningRate} with cosine decay, ${reg.epochs} epochs, seed ${reg.seed}); final training loss ${report.model.finalLoss.toFixed(4)}.
- Baseline: multinomial naive Bayes on the same TF-IDF vectors, smoothing α ∈ {${report.naiveBayes.tried.map((t) => t.alpha).join(', ')}}; the best on validation is reported (α = ${report.naiveBayes.alpha}), which favours the baseline.

## Validation results (${lr.n} raw messages)

| model | accuracy | macro-F1 |
|---|---:|---:|
| naive Bayes (baseline) | ${f3(nb.accuracy)} | ${f3(nb.macroF1)} |
| **softmax regression (this model)** | **${f3(lr.accuracy)}** | **${f3(lr.macroF1)}** |

Per class (this model; last column: the baseline's F1):

| class | training rows | validation rows | precision | recall | F1 | NB F1 |
|---|---:|---:|---:|---:|---:|---:|
${perClass}

Confusion matrix (this model):

${confusionTable(lr)}

## Calibration

Probabilities are softmax(logits / T) with T = ${calibration.temperature.toFixed(4)} fitted on the validation split
(minimum negative log-likelihood). Expected calibration error (${calibration.bins} equal-width bins, top-1):

| | ECE | mean confidence |
|---|---:|---:|
| before (T = 1) | ${f3(calibration.eceBefore)} | ${f3(calibration.meanConfidenceBefore)} |
| after, T fitted and measured on validation | ${f3(calibration.eceAfter)} | ${f3(calibration.meanConfidenceAfter)} |
| after, cross-fitted (T fitted on one half, measured on the other) | ${f3(calibration.eceAfterCrossFitted)} | |

Automatic routing above a confidence threshold (validation):

| precision of kept predictions | threshold | share kept |
|---:|---:|---:|
${coverage}

## Limitations

- Small validation set (${lr.n} messages): accuracy has a standard error of about ${pct(Math.sqrt((lr.accuracy * (1 - lr.accuracy)) / Math.max(1, lr.n)))}; per-class figures for the small classes are noisier still. Hyper-parameters were chosen by looking at this split (and at two other seeded splits), so it is not a pristine test set.
- One city, one period (a city government message board, 2011–2020, "A市"), anonymised place names (A市, A3区, K8县): real place names,
  new policies, new services and seasonal topics will shift the vocabulary. Retrain on the city's own labelled
  work orders before relying on it.
- Seven top-level classes only; messages outside them (public security, market supervision, …) are forced into
  one of the seven. Confidence is the only signal for "none of these".
- Most training rows were pre-segmented with stopwords removed; the model sees them through the same feature
  function as raw text, but small differences in segmentation remain.
- The jieba user dictionary is mined partly from the same labelled messages (terms only), a mild optimism.
- Bag of words and n-grams: negation, who-complains-about-whom and long-range context are not modelled.
- Temperature scaling fixes overall over/under-confidence, not per-class miscalibration.

## Reproduce

\`\`\`sh
bash scripts/train-classifier                       # default data: ../shared/data/tipdm2020c
bash scripts/eval-classifier --input FILE.jsonl --report DIR
\`\`\`
Training is deterministic: the same data, tokenizer (dictionary, stopwords) and date give the same file. Retrain
whenever @hotline/text's dictionary or stopword list changes (the tokenizer fingerprint above changes with them).
`;
}
