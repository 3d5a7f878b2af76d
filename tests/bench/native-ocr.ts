// The native OCR baseline shared by the ocr and pipeline benchmarks: the `tesseract` CLI, one
// process per pool slot, each reading its share of the pages from a list file, OMP_THREAD_LIMIT=1.
import { spawn, spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { cliParams } from "@/lib/ocr/params";

/** The first line of `tesseract --version`, or undefined when the CLI is not installed. */
export function tesseractVersion(): string | undefined {
  const version = spawnSync("tesseract", ["--version"], { encoding: "utf8" });
  return version.error || version.status !== 0 ? undefined : version.stdout.split("\n")[0];
}

/** `size` native processes at once, each reading its share of the pages from a list file. */
export async function runNative(files: string[], size: number, langs: string[], modelDir: string, dir: string, orientation: boolean, signal: AbortSignal) {
  const shares = Array.from({ length: size }, (_, k) => files.filter((_, i) => i % size === k)).filter((s) => s.length);
  const cpuBefore = await childrenCpuSeconds();
  const started = performance.now();
  let peakRssKb = 0;
  const results = await Promise.all(
    shares.map(async (share, k) => {
      const list = path.join(dir, `list-${k}.txt`);
      const out = path.join(dir, `out-${k}`);
      await writeFile(list, share.join("\n") + "\n");
      const args = [list, out, "--tessdata-dir", modelDir, "-l", langs.join("+"), ...cliParams({ orientation })];
      const child = spawn("tesseract", args, { env: { ...process.env, OMP_THREAD_LIMIT: "1" }, stdio: ["ignore", "ignore", "pipe"], signal });
      let stderr = "";
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      // Peak memory of the process, sampled from /proc while it runs.
      const sampler = setInterval(() => {
        readFile(`/proc/${child.pid}/status`, "utf8").then(
          (s) => (peakRssKb = Math.max(peakRssKb, Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0))),
          () => {},
        );
      }, 100);
      const code = await new Promise<number | null>((resolve, reject) => {
        child.on("error", reject);
        child.on("close", resolve);
      }).finally(() => clearInterval(sampler));
      if (code !== 0) throw new Error(`tesseract exited with ${code}: ${stderr.slice(-500)}`);
      // The CLI separates pages with a form feed.
      return { share, texts: (await readFile(`${out}.txt`, "utf8")).split("\f").slice(0, share.length) };
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = (await childrenCpuSeconds()) - cpuBefore;
  const byFile = new Map<string, string>();
  for (const r of results) r.share.forEach((file, i) => byFile.set(file, r.texts[i] ?? ""));
  return { seconds, cpuSeconds, peakRssKb, texts: files.map((file) => byFile.get(file) ?? "") };
}

const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout?.trim()) || 100;

/** CPU time of this process's finished (waited-for) children: cutime + cstime of /proc/self/stat. */
async function childrenCpuSeconds(): Promise<number> {
  const stat = await readFile("/proc/self/stat", "utf8");
  // Fields after the command name (which may hold spaces) start at field 3, "state".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
}

