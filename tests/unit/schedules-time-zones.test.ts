import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { PgBoss } from "pg-boss";
import { cronProblem, nextRuns } from "@/lib/schedules/next-run";
import { CRONS, SCHEDULED_JOBS } from "@/jobs/crons";
import { JOBS } from "@/jobs/index";

// Israel moves to summer time on Friday 2026-03-27 at 02:00 (UTC+2 to UTC+3) and back on Sunday 2026-10-25 at 02:00.
const JERUSALEM = "Asia/Jerusalem";
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
// pg-boss's own reading of an expression, without a database: previewSchedule is arithmetic only.
const boss = new PgBoss({ connectionString: "postgres://unused@127.0.0.1:1/unused" });
const bossRuns = (cron: string, from: Date, count: number) => iso(boss.previewSchedule(cron, { tz: JERUSALEM, from, count }));

describe("schedules in a company's time zone", () => {
  test("08:00 in Asia/Jerusalem is 06:00 UTC before the spring change and 05:00 UTC from its day on", () => {
    const from = new Date("2026-03-25T12:00:00Z");
    const want = ["2026-03-26T06:00:00.000Z", "2026-03-27T05:00:00.000Z", "2026-03-28T05:00:00.000Z"];
    assert.deepEqual(iso(nextRuns("0 8 * * *", JERUSALEM, from, 3)), want);
    assert.deepEqual(bossRuns("0 8 * * *", from, 3), want, "pg-boss fires at the same instants");
  });

  test("08:00 in Asia/Jerusalem is 05:00 UTC before the autumn change and 06:00 UTC from its day on", () => {
    const from = new Date("2026-10-23T12:00:00Z");
    const want = ["2026-10-24T05:00:00.000Z", "2026-10-25T06:00:00.000Z", "2026-10-26T06:00:00.000Z"];
    assert.deepEqual(iso(nextRuns("0 8 * * *", JERUSALEM, from, 3)), want);
    assert.deepEqual(bossRuns("0 8 * * *", from, 3), want, "pg-boss fires at the same instants");
  });

  test("the 01:00 clean-up on the nights of the changes runs once, an hour before each change", () => {
    const spring = iso(nextRuns("0 1 * * *", JERUSALEM, new Date("2026-03-26T12:00:00Z"), 2));
    assert.deepEqual(spring, ["2026-03-26T23:00:00.000Z", "2026-03-27T22:00:00.000Z"]);
    assert.deepEqual(bossRuns("0 1 * * *", new Date("2026-03-26T12:00:00Z"), 2), spring);
    const autumn = iso(nextRuns("0 1 * * *", JERUSALEM, new Date("2026-10-24T12:00:00Z"), 2));
    assert.deepEqual(autumn, ["2026-10-24T22:00:00.000Z", "2026-10-25T23:00:00.000Z"]);
    assert.deepEqual(bossRuns("0 1 * * *", new Date("2026-10-24T12:00:00Z"), 2), autumn);
  });

  test("a cron expression is checked field by field", () => {
    assert.equal(cronProblem("0 8 * * *"), undefined);
    assert.equal(cronProblem("*/5 * * * 1-5"), undefined);
    assert.match(cronProblem("0 8 * *") ?? "", /5 fields/);
    assert.ok(cronProblem("0 25 * * *"), "hour 25 is refused");
    assert.ok(cronProblem("every day"), "words are refused");
  });

  test("the cron list the web reads is the one the worker's jobs carry", () => {
    const fromJobs = JOBS.filter((j) => j.cron || j.companyCron).map((j) => ({ name: j.name, cron: j.cron, companyCron: j.companyCron }));
    const listed = SCHEDULED_JOBS.map((j) => ({ name: j.name, cron: j.cron, companyCron: j.companyCron }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    assert.deepEqual(fromJobs.sort(byName), listed.sort(byName));
    assert.deepEqual(CRONS["attachments.cleanup"], { companyCron: { pattern: "0 1 * * *" } });
  });
});
