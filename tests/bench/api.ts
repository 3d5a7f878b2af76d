// Benchmark "api": the documents API and dashboard over a big archive. N documents (100,000) across
// 200 mail accounts of 3 companies, two years of mail, invoice-like text and fields; the biggest
// company (60% of the archive) asks. Each query shape is timed through its real route handler,
// called in-process the way tests/integration do (a Bearer token, a Request, the Response's JSON):
// the first page, a filtered page (status + category + a date range), a searched page (the trigram
// search), page 200 reached through the cursor, a document's detail, and GET /api/stats.
// Every SQL statement each shape sends is captured (drizzle's logger) and run again under
// EXPLAIN (ANALYZE, BUFFERS): the bench prints the indexes each uses, warns on a Seq Scan of
// documents, and writes the plans to --explain-out (a file in the temp folder by default).
// The lib function each route calls is timed alone too (lib_p95_ms), to show what the route adds.
// No baseline: the target is p95 under 100 ms a shape; ratio = 100 ms / the worst p95.
// Flags: --docs N (100000) --runs N (40 timed calls a shape, after 3 warm-up calls) --explain-out FILE
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { drizzle } from "drizzle-orm/postgres-js";
import { schema } from "@/lib/db/client";
import { listDocuments, documentDetail } from "@/lib/documents/queries";
import { EMAIL_SEARCH_SQL } from "@/lib/documents/search";
import { companyStats } from "@/lib/stats";
import { makeUser } from "../support/factories";
import { call, startWebTest } from "../support/web";
import { intFlag, stringFlag, type BenchContext } from "./args";

export const apiBenchmark = {
  description:
    "p50/p95 of GET /api/documents (first, filtered, searched, deep-cursor pages), a document and GET /api/stats over N documents, with EXPLAIN per query shape\n" +
    "    flags: --docs 100000 --runs 40 --explain-out FILE",
  run: runApiBenchmark,
};

const FLAGS = ["docs", "runs", "explain-out"];
const TARGET_MS = 100;
const ACCOUNTS = 200;
const CATEGORIES = 8;
const VENDORS = 400;
const DEEP_PAGE = 200;
const WORDS = ["invoice", "total", "amount", "due", "paid", "vat", "tax", "receipt", "service", "consulting", "hardware", "delivery", "monthly", "subscription", "office", "supplies",
  "חשבונית", "מס", 'סה"כ', "לתשלום", 'מע"מ', "קבלה", "שירות", "תאריך", "ספק", "כמות", "מחיר", "עבור", "חודשי", "משלוח"];

type Shape = { name: string; path: string; handler: "list" | "one" | "stats"; params?: Record<string, string>; lib: (db: any) => Promise<unknown> };

async function runApiBenchmark(ctx: BenchContext) {
  const unknown = Object.keys(ctx.flags).filter((k) => !FLAGS.includes(k));
  if (unknown.length) throw new Error(`api: unknown flag ${unknown.map((k) => `--${k}`).join(", ")} (known: ${FLAGS.map((k) => `--${k}`).join(" ")})`);
  const docs = intFlag(ctx.flags, "docs", 100_000);
  const runs = intFlag(ctx.flags, "runs", 40);
  const explainOut = stringFlag(ctx.flags, "explain-out") ?? path.join(os.tmpdir(), "mailroom-bench-api-explain.txt");
  // Its own database (created and dropped here) and the web layer pointed at it.
  const web = await startWebTest("bench-api");
  const { tdb } = web;
  try {
    const routes = {
      list: (await import("@/app/api/documents/route")).GET,
      one: (await import("@/app/api/documents/[id]/route")).GET,
      stats: (await import("@/app/api/stats/route")).GET,
    };
    // ------------------------------------------------------------ the archive
    let t = performance.now();
    const owners = [await makeUser(tdb.db, { company: "Bench A" }), await makeUser(tdb.db, { company: "Bench B" }), await makeUser(tdb.db, { company: "Bench C" })];
    const companyIds = owners.map((o) => o.companyId);
    const me = owners[0];
    // Accounts 1-120 are company A's, 121-170 B's, 171-200 C's: A holds 60% of the archive.
    await tdb.sql`
      insert into mail_accounts (company_id, email, last_fetch_at)
      select (${companyIds}::uuid[])[case when g <= 120 then 1 when g <= 170 then 2 else 3 end], 'box' || g || '@bench.test', now() - interval '3 minutes'
        from generate_series(1, ${ACCOUNTS}) g`;
    await tdb.sql`
      insert into categories (company_id, name, color)
      select c, 'Category ' || k, '#64748b' from unnest(${companyIds}::uuid[]) c, generate_series(1, ${CATEGORIES}) k`;
    await tdb.sql`create table bench_accounts as select id, company_id, row_number() over (order by email) as n from mail_accounts`;
    await tdb.sql`create table bench_categories as select id, company_id, row_number() over (partition by company_id order by name) as n from categories`;
    // Two documents an email; email g arrived at a moment of the last two years, spread evenly.
    const emails = Math.ceil(docs / 2);
    await tdb.sql`
      insert into emails (company_id, account_id, folder, uid_validity, uid, size, raw_sha256, raw_key, storage_type, subject, from_address, sent_at, created_at, review_status)
      select a.company_id, a.id, 'INBOX', 1, g, 20000, md5('e' || g), 'raw-' || g, 'local',
             'Invoice ' || g || ' from Vendor ' || (g % ${VENDORS}), 'billing' || (g % ${VENDORS}) || '@vendor' || (g % ${VENDORS}) || '.test',
             now() - make_interval(secs => (${emails} - g) * (730 * 86400.0 / ${emails})), now() - make_interval(secs => (${emails} - g) * (730 * 86400.0 / ${emails})),
             case when g % 50 = 0 then 'waiting' end
        from generate_series(1, ${emails}) g join bench_accounts a on a.n = 1 + (g * 7919) % ${ACCOUNTS}`;
    // ~80 words a document, one in ten a number; statuses, categories, review flags and fields as a busy archive has them.
    await tdb.sql`
      insert into documents (company_id, account_id, email_id, filename, content_type, size, sha256, file_key, storage_type, status, processing_stage, progress_percentage,
                             text, page_count, text_source, fields, needs_review, category_id, category_source, category_confidence, email_search, created_at, last_processed_at)
      select e.company_id, e.account_id, e.id, 'invoice-' || d.g || '.pdf', 'application/pdf', 120000, md5('d' || d.g), 'f-' || d.g, 'local',
             d.status, case when d.status = 'completed' then 'all_completed' else 'pending' end, case when d.status = 'completed' then 100 else 0 end,
             (select string_agg(case when random() < 0.1 then floor(random() * 100000)::text else (${WORDS}::text[])[1 + floor(random() * ${WORDS.length})::int + 0 * s] end, ' ')
                from generate_series(1, 80 + 0 * d.g) s) || ' ref' || md5(d.g::text),
             1 + d.g % 3, 'text-layer',
             jsonb_build_object(
               'vendor', jsonb_build_object('value', 'Vendor ' || (e.uid % ${VENDORS}) || ' Ltd', 'confidence', 0.9, 'source', 'rules'),
               'total', jsonb_build_object('value', round((10 + (d.g * 37) % 5000)::numeric + 0.5, 2), 'confidence', 0.8, 'source', 'rules'),
               'currency', jsonb_build_object('value', case when d.g % 4 = 0 then 'USD' else 'ILS' end, 'confidence', 0.9, 'source', 'rules'),
               'issue_date', jsonb_build_object('value', to_char(e.created_at, 'YYYY-MM-DD'), 'confidence', 0.9, 'source', 'rules'),
               'invoice_number', jsonb_build_object('value', 'INV-' || d.g, 'confidence', 0.9, 'source', 'rules')),
             d.g % 10 = 0,
             case when d.status = 'completed' and d.g % 10 < 7 then c.id end,
             case when d.status = 'completed' and d.g % 10 < 7 then (case when d.g % 3 = 0 then 'rule' else 'classifier' end) end,
             case when d.status = 'completed' and d.g % 10 < 7 then 0.8 end,
             ${tdb.sql.unsafe(EMAIL_SEARCH_SQL)}, e.created_at + make_interval(secs => d.k), e.created_at + make_interval(secs => d.k + 30)
        from (select g, 1 + (g - 1) / 2 as uid, (g - 1) % 2 as k,
                     case when g % 100 < 85 then 'completed' when g % 100 < 90 then 'pending' when g % 100 < 93 then 'processing' else 'error' end as status
                from generate_series(1, ${docs}) g) d
        join emails e on e.uid = d.uid
        join bench_categories c on c.company_id = e.company_id and c.n = 1 + d.g % ${CATEGORIES}`;
    await tdb.sql`drop table bench_accounts, bench_categories`;
    // As autovacuum leaves a settled archive: statistics, and the visibility map index-only scans rely on.
    await tdb.sql`vacuum analyze`;
    const [counts] = await tdb.sql`select count(*)::int as n, count(*) filter (where company_id = ${me.companyId})::int as mine, pg_size_pretty(pg_total_relation_size('documents')) as size, pg_size_pretty(pg_database_size(current_database())) as db from documents`;
    console.log(`setup: ${counts.n} documents (${counts.mine} the asking company's), ${emails} emails, ${ACCOUNTS} accounts, documents ${counts.size} (database ${counts.db}), in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    if (counts.n !== docs) throw new Error(`api: seeded ${counts.n} documents, expected ${docs}`);

    // ------------------------------------------------------------ the query shapes
    const [category] = await tdb.sql`select id from categories where company_id = ${me.companyId} order by name limit 1`;
    const [someDoc] = await tdb.sql`select id from documents where company_id = ${me.companyId} order by created_at desc offset 5000 limit 1`;
    const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
    const filtered = { status: "completed", category_id: category.id as string, from: daysAgo(300), to: daysAgo(120) };
    // A sender: a rare word (one vendor of 400 sends to many accounts), found through the trigram index.
    const [sender] = await tdb.sql`select from_address from emails where company_id = ${me.companyId} order by uid limit 1 offset 17`;
    const search = sender.from_address as string;
    // Page 200, reached the way a client reaches it: following next_cursor from the first page.
    let cursor: string | null = null;
    for (let p = 1; p < DEEP_PAGE; p++) {
      const page: { next_cursor: string | null } = await listDocuments(tdb.db, me.companyId, { limit: 50, sort: "newest", ...(cursor ? { cursor } : {}) });
      cursor = page.next_cursor;
      if (!cursor) throw new Error(`api: the archive ran out at page ${p}`);
    }
    const qs = (o: Record<string, string>) => new URLSearchParams(o).toString();
    const shapes: Shape[] = [
      { name: "first_page", path: "/api/documents", handler: "list", lib: (db) => listDocuments(db, me.companyId, { limit: 50, sort: "newest" }) },
      { name: "filtered_page", path: `/api/documents?${qs(filtered)}`, handler: "list",
        lib: (db) => listDocuments(db, me.companyId, { limit: 50, sort: "newest", status: "completed", category_id: filtered.category_id, from: new Date(filtered.from), to: new Date(filtered.to) }) },
      { name: "searched_page", path: `/api/documents?${qs({ q: search })}`, handler: "list", lib: (db) => listDocuments(db, me.companyId, { limit: 50, sort: "newest", q: search }) },
      { name: "deep_cursor_page", path: `/api/documents?${qs({ cursor: cursor! })}`, handler: "list", lib: (db) => listDocuments(db, me.companyId, { limit: 50, sort: "newest", cursor: cursor! }) },
      { name: "document_detail", path: `/api/documents/${someDoc.id}`, handler: "one", params: { id: someDoc.id }, lib: (db) => documentDetail(db, me.companyId, someDoc.id) },
      { name: "stats", path: "/api/stats", handler: "stats", lib: (db) => companyStats(db, me.companyId) },
    ];

    // ------------------------------------------------------------ timings, through the route handlers
    const p95: Record<string, number> = {};
    const p50: Record<string, number> = {};
    const libP95: Record<string, number> = {};
    for (const s of shapes) {
      ctx.signal.throwIfAborted();
      const once = async () => {
        const res = await call(routes[s.handler], { path: s.path, token: me.token, params: s.params });
        if (res.status !== 200) throw new Error(`api: ${s.path} answered ${res.status}: ${res.text.slice(0, 200)}`);
        return res.json;
      };
      const first = await once();
      if (s.handler === "list" && !first.items.length) throw new Error(`api: ${s.name} listed nothing`);
      for (let i = 0; i < 2; i++) await once();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await once();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      p50[s.name] = round(quantile(times, 0.5));
      p95[s.name] = round(quantile(times, 0.95));
      // The lib function alone, beside it: what the route adds (token, parsing, JSON) is the difference.
      const libTimes: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await s.lib(tdb.db);
        libTimes.push(performance.now() - t0);
      }
      libTimes.sort((a, b) => a - b);
      libP95[s.name] = round(quantile(libTimes, 0.95));
      const size = s.handler === "list" ? `${first.items.length} items` : s.handler === "stats" ? `${first.documents} documents counted` : "1 document";
      console.log(`${s.name.padEnd(18)} p50 ${String(p50[s.name]).padStart(7)} ms  p95 ${String(p95[s.name]).padStart(7)} ms  (lib alone p95 ${libP95[s.name]} ms; ${size})${p95[s.name] > TARGET_MS ? `  over the ${TARGET_MS} ms target` : ""}`);
    }

    // ------------------------------------------------------------ plans: EXPLAIN (ANALYZE, BUFFERS) of every statement a shape sends
    const report: string[] = [`EXPLAIN (ANALYZE, BUFFERS) per query shape, ${counts.n} documents, ${new Date().toISOString()}`];
    const explain: Record<string, string[]> = {};
    for (const s of shapes) {
      const captured: { query: string; params: unknown[] }[] = [];
      const logged = drizzle(tdb.sql, { schema, logger: { logQuery: (query, params) => captured.push({ query, params }) } });
      await s.lib(logged);
      const used = new Set<string>();
      for (const [i, c] of captured.entries()) {
        const [{ "QUERY PLAN": plan }] = await tdb.sql.unsafe(`explain (analyze, buffers, format json) ${c.query}`, c.params as never[]);
        const [text] = [await tdb.sql.unsafe(`explain (analyze, buffers) ${c.query}`, c.params as never[])];
        const nodes = planNodes(plan[0].Plan);
        for (const n of nodes) {
          if (n["Index Name"]) used.add(`${n["Node Type"]} ${n["Index Name"]}`);
          if (n["Node Type"] === "Seq Scan") {
            used.add(`Seq Scan ${n["Relation Name"]}`);
            if (n["Relation Name"] === "documents") console.log(`WARNING api: ${s.name} statement ${i + 1} reads documents with a Seq Scan`);
          }
        }
        report.push(`\n=== ${s.name}, statement ${i + 1} of ${captured.length}\n${c.query}\n-- params: ${JSON.stringify(c.params)}\n${text.map((r) => r["QUERY PLAN"]).join("\n")}`);
      }
      explain[s.name] = [...used].sort();
      console.log(`${s.name.padEnd(18)} ${captured.length} statement(s): ${explain[s.name].join(", ")}`);
    }
    await writeFile(explainOut, report.join("\n") + "\n");
    console.log(`api: plans written to ${explainOut}`);

    const worst = Math.max(...Object.values(p95));
    console.log(`api: worst p95 ${worst} ms (target ${TARGET_MS} ms): ratio ${round(TARGET_MS / worst, 3)} (${TARGET_MS} ms / worst p95; above 1 meets the target)`);
    const out = { bench: "api", documents: counts.n, runs, p50_ms: p50, p95_ms: p95, lib_p95_ms: libP95, indexes: explain, ratio: round(TARGET_MS / worst, 3) };
    console.log(JSON.stringify(out));
    return out;
  } finally {
    await web.stop();
  }
}

type PlanNode = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; Plans?: PlanNode[] };
function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
