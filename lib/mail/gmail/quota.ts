/** Gmail allows 250 quota units a second per user; Mailroom aims below it, leaving room for the person's other apps. */
export const UNITS_PER_SECOND = 200;
const BURST_UNITS = 250;

export type QuotaPacer = { take(units: number): Promise<void> };

/**
 * A leaky bucket: `take` waits until `units` fit under the burst, the bucket draining at
 * `unitsPerSecond`. One per account's sync, as Gmail counts per user.
 */
export function quotaPacer(opts: { unitsPerSecond?: number; burst?: number; now?: () => number; sleep?: (ms: number) => Promise<void> } = {}): QuotaPacer {
  const rate = opts.unitsPerSecond ?? UNITS_PER_SECOND;
  const burst = opts.burst ?? BURST_UNITS;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let level = 0;
  let at = now();
  return {
    async take(units) {
      const t = now();
      level = Math.max(0, level - ((t - at) * rate) / 1000);
      at = t;
      // A request bigger than the burst still goes, once the bucket is empty.
      const over = level + units - Math.max(burst, units);
      level += units;
      if (over > 0) await sleep((over * 1000) / rate);
    },
  };
}
