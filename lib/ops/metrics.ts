import { sql } from "drizzle-orm";
import { collectDefaultMetrics, Counter, Gauge, Registry, type Metric } from "prom-client";
import type { DbOrTx } from "../db/client";
import { documents } from "../db/schema/documents";
import { emails } from "../db/schema/mail";
import { fetchRuns, mailAccounts } from "../db/schema/accounts";
import { workerHeartbeats } from "../db/schema/system";
import { queueCounts } from "./queues";
import { readStageTimings, STAGE_BUCKETS } from "./stage-timings";

/**
 * /api/metrics, for the whole instance. The web and the workers are separate processes (and there
 * may be many workers, on several machines), so instead of scraping each one the numbers are read
 * from Postgres at scrape time, where every process already writes them:
 * - counters are counts of rows (emails, documents by status, failed fetch runs by reason), which
 *   only grow as long as retention keeps rows; a purge shows as a counter reset, which rate() handles;
 * - mailroom_queue_jobs is pg-boss's job table grouped by queue and state;
 * - mailroom_stage_seconds is the stage_timings table the workers add to on each heartbeat;
 * - each worker's heartbeat, memory and jobs in flight come from its registry row;
 * - process_* and nodejs_* (prom-client's defaults) describe the web process answering.
 */
export function createMetricsRegistry(db: () => DbOrTx): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  new Counter({
    name: "mailroom_emails_fetched_total",
    help: "Emails stored, by the status of the mailbox they came from",
    labelNames: ["account_status"],
    registers: [registry],
    async collect() {
      const rows = await db()
        .select({ status: mailAccounts.status, n: sql<number>`count(*)::int` })
        .from(emails)
        .innerJoin(mailAccounts, sql`${mailAccounts.id} = ${emails.accountId}`)
        .groupBy(mailAccounts.status);
      this.reset();
      for (const r of rows) this.inc({ account_status: r.status }, r.n);
    },
  });

  new Counter({
    name: "mailroom_documents_processed_total",
    help: "Documents, by processing status (completed and error are finished)",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      const rows = await db().select({ status: documents.status, n: sql<number>`count(*)::int` }).from(documents).groupBy(documents.status);
      this.reset();
      for (const r of rows) this.inc({ status: r.status }, r.n);
    },
  });

  new Counter({
    name: "mailroom_fetch_errors_total",
    help: "Fetch runs that ended in an error, by reason (auth, connection, tls, storage, gmail_…)",
    labelNames: ["reason"],
    registers: [registry],
    async collect() {
      const rows = await db()
        .select({ reason: sql<string>`coalesce(${fetchRuns.errorCode}, 'unknown')`, n: sql<number>`count(*)::int` })
        .from(fetchRuns)
        .where(sql`${fetchRuns.status} = 'error'`)
        .groupBy(sql`1`);
      this.reset();
      for (const r of rows) this.inc({ reason: r.reason }, r.n);
    },
  });

  new Gauge({
    name: "mailroom_queue_jobs",
    help: "Jobs stored in pg-boss, by queue and state",
    labelNames: ["queue", "state"],
    registers: [registry],
    async collect() {
      const queues = await queueCounts(db());
      this.reset();
      for (const q of queues) for (const [state, n] of Object.entries(q.counts)) this.set({ queue: q.name, state }, n);
    },
  });

  const workers = async () => db().select().from(workerHeartbeats).where(sql`${workerHeartbeats.stoppedAt} is null`);
  new Gauge({
    name: "mailroom_worker_heartbeat_timestamp_seconds",
    help: "When each worker that has not stopped last wrote its heartbeat (Unix seconds); alert on time() minus this",
    labelNames: ["worker", "host"],
    registers: [registry],
    async collect() {
      const rows = await workers();
      this.reset();
      for (const w of rows) this.set({ worker: w.id, host: w.hostname }, w.lastSeen.getTime() / 1000);
    },
  });
  new Gauge({
    name: "mailroom_worker_resident_memory_bytes",
    help: "Each running worker's resident memory at its last heartbeat",
    labelNames: ["worker", "host"],
    registers: [registry],
    async collect() {
      const rows = await workers();
      this.reset();
      for (const w of rows) this.set({ worker: w.id, host: w.hostname }, w.rssBytes);
    },
  });
  new Gauge({
    name: "mailroom_worker_jobs_in_flight",
    help: "Jobs each running worker was handling at its last heartbeat",
    labelNames: ["worker", "host"],
    registers: [registry],
    async collect() {
      const rows = await workers();
      this.reset();
      for (const w of rows) this.set({ worker: w.id, host: w.hostname }, w.jobsInFlight);
    },
  });

  registry.registerMetric(stageHistogram(db) as unknown as Metric);
  return registry;
}

/**
 * prom-client's Histogram only counts observations made in this process; the workers' totals are
 * rows in Postgres. This metric hands the registry the same shape Histogram.get() does, built from them.
 */
function stageHistogram(db: () => DbOrTx) {
  const name = "mailroom_stage_seconds";
  const help = "Seconds each stage took in the workers: fetch (one account run), ocr (reading text), extract (fields), document (the whole pipeline)";
  return {
    name,
    help,
    type: "histogram",
    async get() {
      const rows = await readStageTimings(db());
      const stages = [...new Set(rows.map((r) => r.stage))].sort();
      const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
      for (const stage of stages) {
        const mine = rows.filter((r) => r.stage === stage);
        let cumulative = 0;
        for (const le of STAGE_BUCKETS) {
          cumulative += mine.filter((r) => r.le === le).reduce((a, r) => a + r.count, 0);
          values.push({ labels: { le: le === Infinity ? "+Inf" : le, stage }, value: cumulative, metricName: `${name}_bucket` });
        }
        values.push({ labels: { stage }, value: mine.reduce((a, r) => a + r.sum, 0), metricName: `${name}_sum` });
        values.push({ labels: { stage }, value: cumulative, metricName: `${name}_count` });
      }
      return { name, help, type: "histogram", values, aggregator: "sum" };
    },
  };
}
