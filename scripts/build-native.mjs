// Builds the native screening addon (native/) with node-gyp when dragnet is installed; without it dragnet still runs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const nativeDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'native');
const required = process.env.DRAGNET_NATIVE === '1';
const skipped = process.env.DRAGNET_NATIVE === '0';

/** node-gyp as npm runs it for install scripts, else the one bundled with npm beside this node. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((path) => path && existsSync(path));
}

function fail(reason) {
  const message = `dragnet: the native screening addon was not built (${reason}).`;
  if (required) {
    process.stderr.write(`${message}\nDRAGNET_NATIVE=1 requires it.\n`);
    process.exit(1);
  }
  process.stderr.write(
    `${message}\ndragnet works without it, more slowly. To build it: install a C++ compiler and the ` +
      `simdjson and RE2 development files (Debian: apt-get install g++ libsimdjson-dev libre2-dev), then run ` +
      `\`npm run build:native\`.\n`,
  );
  process.exit(0);
}

if (skipped) process.exit(0);
const gyp = nodeGyp();
if (!gyp) fail('node-gyp not found');
const build = spawnSync(process.execPath, [gyp, 'rebuild', '-j', 'max'], { cwd: nativeDir, stdio: ['ignore', 'inherit', 'inherit'] });
if (build.status !== 0) fail(`node-gyp exited with ${build.status ?? build.signal}`);
