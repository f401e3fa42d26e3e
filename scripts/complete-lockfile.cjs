// Completes package-lock.json with the optional platform packages (other OS/CPU builds of biome, duckdb) that an
// npm registry mirror without them leaves out, so that `npm ci` accepts the lock. Run after `npm install`.
const fs = require('fs');
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
const pk = lock.packages;
let added = 0;
for (const [path, meta] of Object.entries(pk)) {
  for (const [name, range] of Object.entries(meta.optionalDependencies || {})) {
    const key = `node_modules/${name}`;
    if (pk[key]) continue;
    const m = /-(android|darwin|linux|win32|freebsd)-(arm64|x64|ia32|arm)(-musl)?$/.exec(name);
    if (!m) { console.error('unknown platform for', name); continue; }
    pk[key] = { version: range.replace(/^[\^~]/, ''), optional: true, os: [m[1]], cpu: [m[2]], ...(m[3] ? { libc: ['musl'] } : {}) };
    added++;
  }
}
fs.writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log('added', added);
