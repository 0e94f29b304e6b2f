import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// CLI tests spawn the compiled `stones` binary, so the build must be fresh before any suite runs.
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
