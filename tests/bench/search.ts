// Benchmark "search": the documents list searched the way the API searches it (listDocuments),
// over a company's archive of N documents with invoice-like text in English and Hebrew, against
// the best Postgres does for the same query without Mailroom's trigram index and its choice of
// plan: the same SQL reading every document, or the newest in order until a page is full,
// whichever is faster for that search.
// Searches: rare words (an invoice reference, a sender, an amount), a vendor, and words found in
// nearly every document, where Mailroom must not be slower than reading. Both sides must list the
// same documents. Flags: --docs N (30000) --runs N (5, median kept)
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { documentListQuery, listDocuments } from "@/lib/documents/queries";
import { EMAIL_SEARCH_SQL } from "@/lib/documents/search";
import { createTestDatabase } from "../support/db";
import { intFlag, type BenchContext } from "./args";

export const searchBenchmark = {
  description:
    "the documents list searched over N documents (English and Hebrew text) vs the same query without the trigram index\n" + "    flags: --docs 30000 --runs 5",
  run: runSearchBenchmark,
};

const FLAGS = ["docs", "runs"];
const WORDS = ["invoice", "total", "amount", "due", "paid", "vat", "tax", "receipt", "service", "consulting", "hardware", "delivery", "monthly", "subscription", "office", "supplies",
  "חשבונית", "מס", 'סה"כ', "לתשלום", 'מע"מ', "קבלה", "שירות", "תאריך", "ספק", "כמות", "מחיר", "עבור", "חודשי", "משלוח"];

async function runSearchBenchmark(ctx: BenchContext) {
  const unknown = Object.keys(ctx.flags).filter((k) => !FLAGS.includes(k));
  if (unknown.length) throw new Error(`search: unknown flag ${unknown.map((k) => `--${k}`).join(", ")} (known: ${FLAGS.map((k) => `--${k}`).join(" ")})`);
  const docs = intFlag(ctx.flags, "docs", 30000);
  const runs = intFlag(ctx.flags, "runs", 5);
  const tdb = await createTestDatabase();
  try {
    const [{ indexed }] = await tdb.sql`select count(*)::int as indexed from pg_indexes where indexname = 'documents_search_trgm_idx'`;
    if (!indexed) console.log("search: pg_trgm is not available on this server: both sides run without the index");
    // ------------------------------------------------------------ the archive
    let t = performance.now();
    const [company] = await tdb.sql`insert into companies (name) values ('Bench') returning id`;
    const [account] = await tdb.sql`insert into mail_accounts (company_id, email) values (${company.id}, 'bench@x.test') returning id`;
    const emails = Math.ceil(docs / 2);
    await tdb.sql`
      insert into emails (company_id, account_id, folder, uid_validity, uid, size, raw_sha256, raw_key, storage_type, subject, from_address)
      select ${company.id}, ${account.id}, 'INBOX', 1, g, 1000, md5(g::text), 'raw-' || g, 'local',
             'Invoice ' || g || ' from Vendor ' || (g % 500), 'billing' || (g % 500) || '@vendor' || (g % 500) || '.test'
        from generate_series(1, ${emails}) g`;
    // ~220 words a document, one in ten a number; the email's subject and sender copied as stored.
    await tdb.sql`
      insert into documents (company_id, account_id, email_id, filename, content_type, size, sha256, file_key, storage_type, status, text, fields, email_search, created_at)
      select e.company_id, e.account_id, e.id, 'scan-' || g || '.pdf', 'application/pdf', 1000, md5('d' || g), 'f-' || g, 'local', 'completed',
             (select string_agg(case when random() < 0.1 then floor(random() * 100000)::text else (${WORDS}::text[])[1 + floor(random() * ${WORDS.length})::int + 0 * s] end, ' ')
                from generate_series(1, 220 + 0 * g) s) || ' ref' || md5(g::text),
             jsonb_build_object('vendor', jsonb_build_object('value', 'Vendor ' || (g % 500) || ' Ltd', 'confidence', 0.9, 'source', 'rules')),
             ${tdb.sql.unsafe(EMAIL_SEARCH_SQL)},
             now() - make_interval(secs => ${docs} - g)
        from generate_series(1, ${docs}) g join emails e on e.company_id = ${company.id} and e.uid = 1 + (g % ${emails})`;
    await tdb.sql`analyze`;
    console.log(`setup: ${docs} documents, ${emails} emails (${(await size(tdb))}) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // ------------------------------------------------------------ searches
    const md5 = (await tdb.sql`select md5(${String(Math.floor(docs / 3))}) as h`)[0].h as string;
    const searches = [
      { name: "invoice reference", q: `ref${md5}` },
      { name: "sender", q: "billing17@vendor17.test" },
      { name: "vendor, two words", q: "Vendor 17" },
      { name: "amount", q: "31337" },
      { name: "common word", q: "invoice" },
      { name: "common Hebrew word", q: "חשבונית" },
    ];
    const results: { name: string; ms: number; baseline_ms: number; found: number }[] = [];
    for (const s of searches) {
      ctx.signal.throwIfAborted();
      const query = { q: s.q, limit: 50 };
      const mailroom = await timed(runs, () => listDocuments(tdb.db, company.id, query));
      // Without the index Postgres either reads every document or reads the newest in order until
      // the page is full: the baseline is the faster of the two, measured per search.
      const without = (newestFirst: boolean) =>
        timed(runs, () =>
          tdb.db.transaction(async (tx) => {
            await tx.execute(sql`set local enable_bitmapscan = off`);
            if (newestFirst) await tx.execute(sql`set local enable_seqscan = off`);
            return documentListQuery(tx, company.id, query);
          }),
        );
      const [all, newest] = [await without(false), await without(true)];
      const baseline = all.ms <= newest.ms ? all : newest;
      const ids = (r: { doc: { id: string } }[]) => r.slice(0, 50).map((d) => d.doc.id).join();
      if (ids(mailroom.result.items.map((d) => ({ doc: d }))) !== ids(baseline.result) || ids(all.result) !== ids(newest.result)) throw new Error(`search "${s.q}": the two sides listed different documents`);
      results.push({ name: s.name, ms: round(mailroom.ms), baseline_ms: round(baseline.ms), found: mailroom.result.items.length });
      console.log(`${s.name.padEnd(20)} "${s.q.slice(0, 24)}": ${round(mailroom.ms)} ms vs ${round(baseline.ms)} ms without the index (${mailroom.result.items.length} on the first page)`);
    }
    const ratio = Math.exp(results.reduce((a, r) => a + Math.log(r.baseline_ms / r.ms), 0) / results.length);
    const worst = Math.min(...results.map((r) => r.baseline_ms / r.ms));
    console.log(`search: ${round(ratio, 1)}x the speed without the index (geometric mean of ${results.length} searches; slowest case ${round(worst, 2)}x)`);
    const out = { bench: "search", documents: docs, searches: results, worst_ratio: round(worst, 3), ratio: round(ratio, 3) };
    console.log(JSON.stringify(out));
    return out;
  } finally {
    await tdb.drop();
  }
}

async function timed<T>(runs: number, fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  let result = await fn(); // warm: plans and pages cached alike for both sides
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], result };
}

async function size(tdb: { sql: import("postgres").Sql }): Promise<string> {
  const [r] = await tdb.sql`select pg_size_pretty(pg_total_relation_size('documents')) as s`;
  return `documents ${r.s}`;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
