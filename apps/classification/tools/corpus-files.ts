import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { findRepoRoot } from '../src/domain/model-store';
import { LabelledPetition } from '../src/domain/training';

export const CORPUS_DIR = 'apps/classification/corpus';

export function corpusPath(name: string): string {
  return join(findRepoRoot(), CORPUS_DIR, name);
}

/** Records of a JSONL corpus file; [] when the file does not exist. Blank lines are skipped. */
export function readJsonl<T = LabelledPetition>(path: string): T[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as T;
      } catch {
        throw new Error(`${path}:${i + 1}: not JSON`);
      }
    });
}
