import { test } from "node:test";
import assert from "node:assert/strict";
import { PRESET_IDS, PRESETS, presetForEmail } from "../../lib/accounts/presets";

test("each service's preset is its IMAP server over TLS on port 993", () => {
  assert.deepEqual(
    Object.fromEntries(Object.entries(PRESETS).map(([id, p]) => [id, `${p.host}:${p.port}/${p.security}`])),
    { gmail: "imap.gmail.com:993/tls", outlook: "outlook.office365.com:993/tls", yahoo: "imap.mail.yahoo.com:993/tls", icloud: "imap.mail.me.com:993/tls" },
  );
  assert.deepEqual([...PRESET_IDS], [...Object.keys(PRESETS), "other"], "every preset but Other has settings, offered in this order");
});

test("an address's domain names its service, whatever its case", () => {
  const cases: [string, string][] = [
    ["dana@gmail.com", "gmail"],
    ["dana@googlemail.com", "gmail"],
    ["Dana@GMAIL.COM", "gmail"],
    ["dana@outlook.com", "outlook"],
    ["dana@hotmail.com", "outlook"],
    ["dana@live.com", "outlook"],
    ["dana@yahoo.com", "yahoo"],
    ["dana@yahoo.co.uk", "yahoo"],
    ["dana@yahoo.fr", "yahoo"],
    ["dana@icloud.com", "icloud"],
    ["dana@me.com", "icloud"],
    ["dana@mac.com", "icloud"],
  ];
  for (const [email, preset] of cases) assert.equal(presetForEmail(email), preset, email);
});

test("an address with another domain, a half-typed domain or none is Other", () => {
  for (const email of ["", "dana", "dana@", "dana@gmail", "dana@gmail.co", "dana@acme.test", "dana@notgmail.com", "dana@gmail.com.evil.test", "dana@mail.yahoo", "dana@home.com", "gmail.com@acme.test"]) {
    assert.equal(presetForEmail(email), "other", email);
  }
});
