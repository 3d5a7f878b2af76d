/** Command-line flags shared by the benchmarks: `--name value`, `--name=value`, or a bare `--name` (true). */
export type BenchFlags = Record<string, string | true>;

/** What run.ts hands each benchmark. */
export type BenchContext = {
  flags: BenchFlags;
  /** Aborted on Ctrl-C / SIGTERM: stop waiting and clean up. */
  signal: AbortSignal;
};

/**
 * Splits `fetch --mailboxes 10 --messages=5 --cpu-prof` into names and flags. A token after a
 * bare flag is its value unless it is another flag or a benchmark name.
 */
export function parseArgs(argv: string[], benchNames: string[]): { names: string[]; flags: BenchFlags } {
  const names: string[] = [];
  const flags: BenchFlags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h") {
      flags.help = true;
    } else if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      if (eq > 0) {
        flags[arg.slice(2, eq)] = arg.slice(eq + 1);
        continue;
      }
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith("--") && !benchNames.includes(next)) {
        flags[arg.slice(2)] = next;
        i++;
      } else {
        flags[arg.slice(2)] = true;
      }
    } else {
      names.push(arg);
    }
  }
  return { names, flags };
}

export function intFlag(flags: BenchFlags, name: string, fallback: number, min = 1): number {
  const v = flags[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got ${String(v)}`);
  return n;
}

export function boolFlag(flags: BenchFlags, name: string): boolean {
  const v = flags[name];
  return v === true || v === "true" || v === "1" || v === "yes";
}

export function stringFlag(flags: BenchFlags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === "string" ? v : undefined;
}
