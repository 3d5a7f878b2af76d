// The navigation's Review count listens for this; pages that change a document's review state send it.
export const REVIEW_CHANGED = "mailroom:review-changed";

export function announceReviewChange() {
  window.dispatchEvent(new Event(REVIEW_CHANGED));
}
