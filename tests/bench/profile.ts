// Summaries of V8 .cpuprofile files (node --cpu-prof): where the CPU time went, by package and by function.
import { readFileSync } from "node:fs";
import path from "node:path";

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

/** "mailparser", "lib/mail/parse.ts", "node:fs", "(garbage collector)"… for a frame. */
export function frameGroup(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  if (url.startsWith("node:")) return url;
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "/node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const rel = url.replace(/^file:\/\//, "");
  const m = /\/(lib|jobs|scripts|tests)\/.*$/.exec(rel);
  return m ? m[0].slice(1) : path.basename(rel);
}

/**
 * Lines describing the profiles: wall time covered, CPU busy share, self time by group, time by
 * group anywhere on the stack (inclusive), and the hottest functions.
 */
/** A named share of the CPU time: a sample counts for the first category matched walking from its leaf frame to the root. */
export type Category = { name: string; match: (group: string, frame: CallFrame) => boolean };

export function summarizeCpuProfiles(files: string[], opts: { top?: number; windowUs?: [number, number]; categories?: Category[] } = {}): string[] {
  const byCategory = new Map<string, number>();
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const fn = new Map<string, number>();
  let wall = 0;
  let idle = 0;
  for (const file of files) {
    const p = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
    const [from, to] = opts.windowUs ?? [p.startTime, p.endTime];
    wall += (Math.min(to, p.endTime) - Math.max(from, p.startTime)) / 1000;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    let at = p.startTime;
    for (let i = 0; i < p.samples.length; i++) {
      at += p.timeDeltas[i] ?? 0;
      if (at < from || at > to) continue;
      const ms = (p.timeDeltas[i] ?? 0) / 1000;
      const node = byId.get(p.samples[i]);
      if (!node) continue;
      const g = frameGroup(node.callFrame);
      if (g === "(idle)") {
        idle += ms;
        continue;
      }
      self.set(g, (self.get(g) ?? 0) + ms);
      const key = `${node.callFrame.functionName || "(anonymous)"} ${g}:${node.callFrame.lineNumber + 1}`;
      fn.set(key, (fn.get(key) ?? 0) + ms);
      const seen = new Set<string>();
      let category: string | undefined;
      for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
        const f = byId.get(id)!.callFrame;
        const group = frameGroup(f);
        if (group === "(root)") continue;
        seen.add(group);
        category ??= opts.categories?.find((c) => c.match(group, f))?.name;
      }
      if (opts.categories) byCategory.set(category ?? "other", (byCategory.get(category ?? "other") ?? 0) + ms);
      for (const s of seen) inclusive.set(s, (inclusive.get(s) ?? 0) + ms);
    }
  }
  const busy = [...self.values()].reduce((a, b) => a + b, 0);
  const top = opts.top ?? 15;
  const fmt = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `    ${(v / 1000).toFixed(2).padStart(7)} s ${((v / busy) * 100).toFixed(1).padStart(5)}%  ${k}`);
  const categories = opts.categories
    ? [`CPU time by stage (first match from the leaf frame up):`, ...fmt(byCategory, opts.categories.length + 1)]
    : [];
  return [
    `profiled ${(wall / 1000).toFixed(1)} s of wall time; CPU busy ${(busy / 1000).toFixed(2)} s, idle ${(idle / 1000).toFixed(2)} s`,
    ...categories,
    `self time by package / file:`,
    ...fmt(self, top),
    `time with the package / file anywhere on the stack:`,
    ...fmt(inclusive, top),
    `hottest functions (self):`,
    ...fmt(fn, top),
  ];
}

// `node --import tsx tests/bench/profile.ts FILE.cpuprofile...` summarizes saved profiles.
if (require.main === module) {
  for (const line of summarizeCpuProfiles(process.argv.slice(2), { top: 25 })) console.log(line);
}
