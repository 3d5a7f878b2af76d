// The company's time zone and file retention: proposed at setup, changed by admins, refused when wrong.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { generateKey } from "@/lib/crypto/secrets";
import { companies, users } from "@/lib/db/schema/companies";
import { createApiToken } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser, USER_PASSWORD } from "../support/factories";
import { call, useWebEnv } from "../support/web";

let tdb: TestDatabase;
let routes: { setup: typeof import("@/app/api/setup/route"); company: typeof import("@/app/api/company/route") };

before(async () => {
  tdb = await createTestDatabase();
  useWebEnv(tdb.url, { ENCRYPTION_KEY: generateKey(), AUTH_SECRET: "test-secret-test-secret" });
  routes = { setup: await import("@/app/api/setup/route"), company: await import("@/app/api/company/route") };
});

after(() => tdb?.drop());

test("setup refuses a zone that does not exist and keeps the browser's zone it was given", async () => {
  const bad = await call(routes.setup.POST, { method: "POST", body: { company: "Acme", email: "admin@acme.test", password: "long enough", time_zone: "Mars/Olympus_Mons" } });
  assert.equal(bad.status, 422, bad.text);
  assert.match(bad.json.error.message, /time_zone/);
  const ok = await call(routes.setup.POST, { method: "POST", body: { company: "Acme", email: "admin@acme.test", password: "long enough", time_zone: "Asia/Jerusalem" } });
  assert.equal(ok.status, 201, ok.text);
  const [admin] = await tdb.db.select().from(users).where(eq(users.email, "admin@acme.test"));
  const [company] = await tdb.db.select().from(companies).where(eq(companies.id, admin.companyId));
  assert.equal(company.timeZone, "Asia/Jerusalem");
  assert.equal(company.retentionDays, 30);
});

test("an admin sets the time zone and retention; a bad zone or retention is a 422 that changes nothing", async () => {
  const { token, companyId } = await makeUser(tdb.db);
  const initial = await call(routes.company.GET, { token });
  assert.equal(initial.json.company.time_zone, "UTC");
  assert.equal(initial.json.company.retention_days, 30);

  for (const time_zone of ["Mars/Olympus_Mons", "+02:00", "", "UTC; drop table companies"]) {
    const bad = await call(routes.company.PATCH, { method: "PATCH", token, body: { time_zone } });
    assert.equal(bad.status, 422, `${time_zone}: ${bad.text}`);
    assert.match(bad.json.error.message, /time_zone: must be a time zone/);
  }
  for (const retention_days of [-1, 1.5, "soon"]) {
    const bad = await call(routes.company.PATCH, { method: "PATCH", token, body: { retention_days } });
    assert.equal(bad.status, 422, `${retention_days}: ${bad.text}`);
    assert.match(bad.json.error.message, /retention_days/);
  }
  const [unchanged] = await tdb.db.select().from(companies).where(eq(companies.id, companyId));
  assert.equal(unchanged.timeZone, "UTC");
  assert.equal(unchanged.retentionDays, 30);

  // Any spelling the runtime knows is kept in its canonical form.
  const set = await call(routes.company.PATCH, { method: "PATCH", token, body: { time_zone: "america/new_york", retention_days: 0 } });
  assert.equal(set.status, 200, set.text);
  assert.equal(set.json.company.time_zone, "America/New_York");
  assert.equal(set.json.company.retention_days, 0);
  const again = await call(routes.company.GET, { token });
  assert.equal(again.json.company.time_zone, "America/New_York");
  assert.equal(again.json.company.retention_days, 0);
  // Sending one setting leaves the others alone.
  const currency = await call(routes.company.PATCH, { method: "PATCH", token, body: { default_currency: "ILS" } });
  assert.equal(currency.json.company.time_zone, "America/New_York");
});

test("a member sees the company's zone but may not change it", async () => {
  const { companyId } = await makeUser(tdb.db);
  const member = await createUser(tdb.db, { companyId }, { email: "member@acme-two.test", password: USER_PASSWORD, role: "member" });
  const { token } = await createApiToken(tdb.db, { userId: member.id, companyId }, "test");
  assert.equal((await call(routes.company.GET, { token })).json.company.time_zone, "UTC");
  assert.equal((await call(routes.company.PATCH, { method: "PATCH", token, body: { time_zone: "Europe/London" } })).status, 403);
});
