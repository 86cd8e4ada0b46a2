import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root (where package.json lives), found from this file so dist/ and src/ both work. */
export function repoRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}
