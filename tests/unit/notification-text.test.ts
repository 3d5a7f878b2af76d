import { test } from "node:test";
import assert from "node:assert/strict";
import { setEnv } from "@/lib/env";
import { notificationText, renderNotificationEmail } from "@/lib/notifications/render";

test("a notification is worded from its event and numbers in the reader's language, plurals included", () => {
  assert.equal(notificationText("en", "documents_processed", { documents: 1, account: "in@acme.test" }), "1 new document from in@acme.test");
  assert.equal(notificationText("en", "documents_processed", { documents: 4, account: "in@acme.test" }), "4 new documents from in@acme.test");
  assert.equal(notificationText("he", "documents_processed", { documents: 1, account: "in@acme.test" }), "מסמך חדש אחד מ־in@acme.test");
  assert.equal(notificationText("he", "documents_failed", { count: 5, filename: "a.pdf" }), "לא ניתן היה לעבד 5 מסמכים");
  assert.equal(notificationText("en", "account_attention", { account: "g@acme.test", status: "needs_reconnect" }), "g@acme.test needs attention: Google access must be reconnected");
  assert.equal(notificationText("en", "daily_summary", { documents: 0 }), "Daily summary: nothing new");
});

test("an event this version does not know, or data missing a value, still reads as something", () => {
  assert.equal(notificationText("en", "some_future_event", { n: 1 }), "some_future_event");
  assert.equal(notificationText("en", "review_waiting", {}), "A document waits for review: ");
});

test("the email escapes names in its HTML and links to PUBLIC_URL", () => {
  setEnv({ PUBLIC_URL: "https://mailroom.example.test/base" });
  const email = renderNotificationEmail("en", "review_waiting", { count: 1, filename: "<script>x</script>.pdf" }, "/documents/1");
  assert.ok(!email.html.includes("<script>"));
  assert.match(email.html, /&lt;script&gt;/);
  assert.match(email.text, /https:\/\/mailroom\.example\.test\/base\/documents\/1/);
  assert.match(email.text, /https:\/\/mailroom\.example\.test\/base\/notifications\/settings/);
});
