// Writes X.gz beside every .js/.css/.html/.svg file in dist/ (the server sends it to clients that accept gzip).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const distDir = fileURLToPath(new URL('../dist/', import.meta.url));
const compressible = /\.(js|css|html|svg)$/;

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* walk(path);
    } else if (entry.isFile() && compressible.test(entry.name)) {
      yield path;
    }
  }
}

let count = 0;
for await (const path of walk(distDir)) {
  const raw = await readFile(path);
  const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
  await writeFile(`${path}.gz`, gz);
  count += 1;
  console.log(`gzip ${relative(distDir, path)}: ${raw.length} -> ${gz.length} bytes`);
}
console.log(`gzip-dist: wrote ${count} .gz files`);
