import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, for the build scripts' default input and output paths. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The value after `--name` on the command line, or the fallback. */
export function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return (index >= 0 ? process.argv[index + 1] : undefined) ?? fallback;
}
