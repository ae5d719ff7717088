import { renameSync, writeFileSync } from 'node:fs';

/** Writes `text` to `path` through a temporary file and a rename, so readers never see half. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
