// Trains the classifier from corpus/train.jsonl plus corpus/feedback.jsonl (human reclassifications) when present,
// and writes the versioned artefact model/model.json. The evaluation split (corpus/eval.jsonl) is never read here.
// Run: npm run classifier:train
import 'reflect-metadata';
import { createHash } from 'crypto';
import { mkdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { CASE_DOMAINS, CASE_KINDS, COMPETENT_LEVELS } from '@lib/contracts';
import { findRepoRoot, MODEL_PATH } from '../src/domain/model-store';
import { LabelledPetition, trainModel } from '../src/domain/training';
import { corpusPath, readJsonl } from './corpus-files';

function isValid(r: LabelledPetition): boolean {
  return (
    typeof r.text === 'string' &&
    r.text.trim().length > 0 &&
    CASE_KINDS.includes(r.kind) &&
    CASE_DOMAINS.includes(r.domain) &&
    COMPETENT_LEVELS.includes(r.level)
  );
}

/**
 * The training records: the corpus split plus human feedback when the file exists. A human's correction outweighs
 * a generated example, so each feedback record counts twice; a corrected text also replaces any corpus record of
 * the same text.
 */
export function loadTrainingRecords(
  trainPath: string,
  feedbackPath: string,
): { records: LabelledPetition[]; train: number; feedback: number } {
  const train = readJsonl(trainPath);
  const rejected = train.filter((r) => !isValid(r));
  if (rejected.length)
    throw new Error(`${trainPath}: ${rejected.length} records with missing or unknown labels`);
  if (!train.length) throw new Error(`${trainPath} is empty: run the corpus generator first`);
  const feedback = readJsonl(feedbackPath)
    .filter(isValid)
    .map((r, i): LabelledPetition => ({ ...r, id: r.id ?? `feedback-${i}`, source: 'feedback' }));
  const corrected = new Set(feedback.map((r) => r.text));
  const kept = train.filter((r) => !corrected.has(r.text));
  return { records: [...kept, ...feedback, ...feedback], train: kept.length, feedback: feedback.length };
}

function main(): void {
  const { records, train, feedback } = loadTrainingRecords(
    corpusPath('train.jsonl'),
    corpusPath('feedback.jsonl'),
  );
  const corpusHash = createHash('sha256')
    .update(records.map((r) => `${r.text}\t${r.kind}\t${r.domain}\t${r.level}`).join('\n'))
    .digest('hex');
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '.');
  const version = `lr-${day}-${corpusHash.slice(0, 8)}`;
  const started = Date.now();
  const { artefact, report } = trainModel(records, { version, corpusHash, feedback: feedback * 2 });
  artefact.corpusSize = { train, feedback };
  const path = join(findRepoRoot(), MODEL_PATH);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(artefact) + '\n');
  const features =
    Object.keys(artefact.heads.kind.weights).length + Object.keys(artefact.heads.domain.weights).length;
  process.stderr.write(
    `model ${version}: ${train} training + ${feedback} feedback petitions, ${features} weighted features, ` +
      `cross-validated (${report.crossValidated} held-out) accuracy kind ${report.crossValidatedAccuracy.kind} domain ${report.crossValidatedAccuracy.domain} ` +
      `level ${report.crossValidatedAccuracy.level}, temperatures ${JSON.stringify(report.temperature)}, ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s → ${MODEL_PATH}\n`,
  );
}

if (require.main === module) main();
