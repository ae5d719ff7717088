#!/usr/bin/env node
// `npx shoudao …`: runs src/cli.ts through tsx so no build step is needed. The project's
// tsconfig is named explicitly (its decorator settings), so it works from any directory.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const tsxCli = require.resolve('tsx/cli');
const result = spawnSync(process.execPath, [tsxCli, '--tsconfig', path.join(root, 'tsconfig.json'), path.join(root, 'src/cli.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
