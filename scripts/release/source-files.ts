// Which files make up the source archive: everything in the project that .gitignore does not
// exclude (so no node_modules, no build output, no release/), and never .git. Read from the tree
// rather than from git, so the same rule holds in a clone and in an unpacked source archive.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import { filesUnder } from './archive.ts';

export function sourceFiles(root: string): string[] {
  const gitignore = path.join(root, '.gitignore');
  const ignored = ignore()
    .add(existsSync(gitignore) ? readFileSync(gitignore, 'utf8') : '')
    .add(['.git']); // a directory in a clone, a file in a worktree
  return filesUnder(root, (relative) => ignored.ignores(relative.split(path.sep).join('/')));
}
