import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';
import { CompiledModel, compileModel, ModelArtefact } from './model';

export const MODEL_PATH = 'apps/classification/model/model.json';

/**
 * The repository root: the nearest directory above `from` holding package.json and apps/classification. Works
 * from the TypeScript sources (jest) and from the compiled dist/ tree alike.
 */
export function findRepoRoot(from: string = __dirname): string {
  // Code compiled outside the checkout (a private outDir) falls back to the working directory.
  for (const start of [from, process.cwd()]) {
    let dir = start;
    for (;;) {
      if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'apps/classification'))) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`classification: no repository root above ${from} or ${process.cwd()}`);
}

let cached: CompiledModel | undefined;

/** The trained model artefact, read once per process. */
export function defaultModel(): CompiledModel {
  if (!cached) {
    const path = join(findRepoRoot(), MODEL_PATH);
    if (!existsSync(path))
      throw new Error(`classification: model artefact missing at ${path} (npm run classifier:train)`);
    cached = compileModel(JSON.parse(readFileSync(path, 'utf8')) as ModelArtefact);
  }
  return cached;
}
