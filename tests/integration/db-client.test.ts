// lib/db/client.ts: a DATABASE_URL in libpq's form for a local server's Unix socket
// (`?host=/its/socket/folder`) is used by the app's client and pg-boss (pg) alike, and the queries
// drizzle sends are prepared statements, in transactions too, that survive a migration.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { PgBoss } from "pg-boss";
import { createDb } from "@/lib/db/client";
import { BOSS_SCHEMA } from "@/lib/queue";
import { createTestDatabase, type TestDatabase } from "../support/db";

let tdb: TestDatabase;
let socketUrl: string | undefined;

before(async () => {
  tdb = await createTestDatabase();
  // The server says where its socket is; the URL keeps user, password and database and adds the folder.
  const [{ dirs, port }] = await tdb.sql`select current_setting('unix_socket_directories') as dirs, current_setting('port') as port`;
  const dir = String(dirs).split(",")[0].trim();
  if (dir && existsSync(path.join(dir, `.s.PGSQL.${port}`))) {
    const u = new URL(tdb.url);
    u.port = String(port);
    u.searchParams.set("host", dir);
    socketUrl = u.toString();
  }
});

after(async () => {
  await tdb?.drop();
});

describe("a Unix socket DATABASE_URL", () => {
  test("the app's client and pg-boss connect through the socket", async (t) => {
    if (!socketUrl) return t.skip("this server has no Unix socket on this machine");
    const handle = createDb(socketUrl, { max: 1 });
    try {
      const [row] = await handle.db.execute<{ addr: string | null; db: string }>(sql`select inet_server_addr() as addr, current_database() as db`);
      assert.equal(row.addr, null, "no server address: a Unix socket");
      assert.equal(row.db, new URL(tdb.url).pathname.slice(1), "the URL's database");
    } finally {
      await handle.close();
    }
    const boss = new PgBoss({ connectionString: socketUrl, schema: BOSS_SCHEMA, supervise: false, schedule: false });
    boss.on("error", () => {});
    await boss.start();
    try {
      await boss.createQueue("socket-check");
      const id = await boss.send("socket-check", { ok: true });
      const [job] = await tdb.sql.unsafe(`select data from ${BOSS_SCHEMA}.job where id = $1`, [id]);
      assert.deepEqual(job.data, { ok: true });
    } finally {
      await boss.stop({ graceful: false, close: true });
    }
  });

  test("a TCP URL stays on TCP", async () => {
    const plain = new URL(tdb.url);
    plain.searchParams.delete("host");
    const handle = createDb(plain.toString(), { max: 1 });
    try {
      const [row] = await handle.db.execute<{ addr: string | null }>(sql`select inet_server_addr() as addr`);
      assert.notEqual(row.addr, null);
    } finally {
      await handle.close();
    }
  });
});

const probe = pgTable("client_probe", { id: integer("id").primaryKey(), label: text("label") });

describe("prepared statements", () => {
  before(async () => {
    await tdb.sql`create table client_probe (id integer primary key, label text)`;
    await tdb.sql`insert into client_probe values (1, 'one'), (2, 'two')`;
  });

  const preparedHere = (tx: { execute: (q: ReturnType<typeof sql>) => Promise<unknown> }) =>
    tx.execute(sql`select statement from pg_prepared_statements where statement like '%client_probe%'`) as Promise<{ statement: string }[]>;

  test("drizzle's queries are prepared on their connection, in a transaction too, and run again from it", async () => {
    const handle = createDb(tdb.url, { max: 1, prepare: true });
    try {
      for (const id of [1, 2]) {
        const [row] = await handle.db.select().from(probe).where(eq(probe.id, id));
        assert.equal(row.id, id);
      }
      const statements = await handle.db.transaction(async (tx) => {
        await tx.update(probe).set({ label: "uno" }).where(eq(probe.id, 1));
        return preparedHere(tx);
      });
      assert.equal(statements.filter((s) => s.statement.startsWith("select")).length, 1, "one statement for both selects");
      assert.ok(statements.some((s) => s.statement.startsWith("update")), "the transaction's update is prepared too");
    } finally {
      await handle.close();
    }
  });

  test("a statement prepared before a migration changed its table is prepared again, not failed", async () => {
    const handle = createDb(tdb.url, { max: 1, prepare: true });
    try {
      const read = () => handle.db.select({ label: probe.label }).from(probe).where(eq(probe.id, 2));
      assert.deepEqual(await read(), [{ label: "two" }]);
      await tdb.sql`alter table client_probe alter column label type varchar(40)`;
      assert.deepEqual(await read(), [{ label: "two" }]);
    } finally {
      await handle.close();
    }
  });

  test("DATABASE_PREPARED_STATEMENTS off: nothing is prepared (for poolers that cannot keep them)", async () => {
    const handle = createDb(tdb.url, { max: 1, prepare: false });
    try {
      await handle.db.select().from(probe).where(eq(probe.id, 1));
      assert.equal((await preparedHere(handle.db)).length, 0);
    } finally {
      await handle.close();
    }
  });
});
