// One folder holding every model a pool needs, uncompressed. tesseract.js loads all of a worker's
// languages from a single `langPath` with a single `gzip` flag, while ours come from two places
// (gzipped npm packages, a plain tessdata folder): so they are gathered here once per process
// set, and each new worker just reads files. The folder's name is a hash of its sources, so an
// upgraded package or model gets a fresh folder instead of a stale copy.
import { createHash, randomBytes } from "node:crypto";
import { copyFile, mkdir, readFile, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { ModelSource } from "./languages";

export function defaultModelCachePath(): string {
  return path.join(os.tmpdir(), "mailroom-ocr-models");
}

/** The folder with `<lang>.traineddata` for every source, created when missing. */
export async function prepareModelDir(sources: ModelSource[], cachePath = defaultModelCachePath()): Promise<string> {
  const hash = createHash("sha256");
  for (const s of sources) {
    const st = await stat(s.file);
    hash.update(`${s.lang}\0${s.file}\0${st.size}\0${st.mtimeMs}\n`);
  }
  const dir = path.join(cachePath, hash.digest("hex").slice(0, 16));
  await mkdir(dir, { recursive: true });
  for (const s of sources) {
    const target = path.join(dir, `${s.lang}.traineddata`);
    if (await exists(target)) continue;
    // Write beside the target, then rename: another process preparing the same folder at the
    // same time never sees half a file.
    const temp = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      if (s.gzip) {
        await writeFile(temp, gunzipSync(await readFile(s.file)));
      } else {
        // A plain model is used where it is (a symlink), copied only where links are refused.
        await symlink(s.file, temp).catch(() => copyFile(s.file, temp));
      }
      await rename(temp, target);
    } finally {
      await rm(temp, { force: true });
    }
  }
  return dir;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
