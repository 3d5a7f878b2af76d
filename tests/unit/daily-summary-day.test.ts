import { test } from "node:test";
import assert from "node:assert/strict";
import { companyDay } from "@/lib/reports/daily-summary";
import { timeZoneSchema } from "@/lib/company/schemas";

test("a summary is named after the company's own calendar day, on both sides of a daylight-saving change", () => {
  // 22:30 UTC is already the next morning in Jerusalem, summer (UTC+3) and winter (UTC+2) alike.
  assert.equal(companyDay(new Date("2026-03-26T22:30:00Z"), "Asia/Jerusalem"), "2026-03-27");
  assert.equal(companyDay(new Date("2026-03-27T22:30:00Z"), "Asia/Jerusalem"), "2026-03-28");
  assert.equal(companyDay(new Date("2026-10-25T21:59:00Z"), "Asia/Jerusalem"), "2026-10-25");
  assert.equal(companyDay(new Date("2026-10-25T22:00:00Z"), "Asia/Jerusalem"), "2026-10-26");
  assert.equal(companyDay(new Date("2026-03-27T22:30:00Z"), "UTC"), "2026-03-27");
});

test("a time zone is an IANA name the runtime knows, kept in its canonical spelling", () => {
  assert.equal(timeZoneSchema.parse("asia/jerusalem"), "Asia/Jerusalem");
  assert.equal(timeZoneSchema.parse("UTC"), "UTC");
  for (const bad of ["Mars/Base", "+02:00", "", "../etc/passwd"]) assert.equal(timeZoneSchema.safeParse(bad).success, false, bad);
});
