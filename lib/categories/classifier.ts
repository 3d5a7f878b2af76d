import { z } from "zod";
import { emailAddress, emailDomain, normalizeText, words } from "./text";

/**
 * Multinomial naive Bayes over a document's words, vendor and sender domain, learned from the
 * documents people categorized. Plain counts in JSON: learning one document is an addition, and
 * forgetting one (a person changed their mind) a subtraction, so retraining on every choice is cheap.
 *
 * Each training document adds a mass of 1 spread over its words by sublinear term frequency, so a
 * long document does not outvote a short one. At prediction the document's words are weighted by
 * inverse document frequency (TF-IDF) and the evidence is capped, so the posterior stays usable; the
 * confidence is that posterior discounted by how much of the document is unlike anything learned
 * (coverage) and by how little there is to go on (a handful of words).
 */
export type ClassifierModel = {
  version: 1;
  /** Training documents. */
  docs: number;
  /** Documents each token appeared in: the vocabulary, and the IDF. */
  df: Record<string, number>;
  classes: Record<string, { docs: number; mass: number; counts: Record<string, number> }>;
};

export type FeatureInput = { text?: string | null; vendor?: string | null; from?: string | null };
/** Token → occurrences in one document. */
export type Features = Map<string, number>;
export type Prediction = { categoryId: string; confidence: number; posterior: number; coverage: number; ranking: { categoryId: string; posterior: number }[] };

export const MAX_TEXT_CHARS = 50_000;
const MAX_FEATURES_PER_DOC = 400;
export const MAX_VOCABULARY = 30_000;
/** At most this many (IDF-weighted) tokens count as evidence, however long the document. */
const EVIDENCE_CAP = 12;
/** Fewer known (IDF-weighted) tokens than this, and the confidence shrinks: a few words prove little. */
const EVIDENCE_FLOOR = 10;
const VENDOR_WEIGHT = 3;
const SENDER_WEIGHT = 3;
const STOPWORDS = new Set(
  (
    "the and for of to in on at by is are be this that with from your you our we it as or an not no all any per " +
    "של את על עם או גם כי זה זו אם לא יש הוא היא אנו אני אתה הם כל עד בין לפי אל"
  ).split(" "),
);

export function emptyModel(): ClassifierModel {
  return { version: 1, docs: 0, df: {}, classes: {} };
}

/** The tokens of a document: its words, its vendor (as words and whole), and its sender's domain. */
export function documentFeatures(input: FeatureInput): Features {
  const f: Features = new Map();
  const add = (token: string, n = 1) => f.set(token, (f.get(token) ?? 0) + n);
  for (const w of words((input.text ?? "").slice(0, MAX_TEXT_CHARS))) {
    if (w.length < 2 || w.length > 40 || /^\d+$/.test(w) || STOPWORDS.has(w)) continue;
    add(w);
  }
  const vendor = input.vendor ? words(input.vendor) : [];
  if (vendor.length) {
    add(`v=${vendor.join(" ")}`, VENDOR_WEIGHT);
    for (const w of vendor) if (!STOPWORDS.has(w)) add(`v:${w}`, VENDOR_WEIGHT);
  }
  const domain = emailDomain(emailAddress(input.from));
  if (domain) {
    const parts = normalizeText(domain).split(".");
    // mail.acme.co.il teaches acme.co.il and co.il too: the parent domains carry over to siblings.
    for (let i = 0; i < parts.length - 1; i++) add(`d:${parts.slice(i).join(".")}`, SENDER_WEIGHT);
  }
  if (f.size <= MAX_FEATURES_PER_DOC) return f;
  return new Map([...f].sort((a, b) => b[1] - a[1]).slice(0, MAX_FEATURES_PER_DOC));
}

/** Adds (sign 1) or removes (sign -1) one document of a category. */
export function learn(model: ClassifierModel, features: Features, categoryId: string, sign: 1 | -1 = 1): void {
  if (features.size === 0) return;
  if (sign === -1 && !model.classes[categoryId]?.docs) return;
  const weights = trainingWeights(features);
  const c = (model.classes[categoryId] ??= { docs: 0, mass: 0, counts: {} });
  model.docs = Math.max(0, model.docs + sign);
  c.docs = Math.max(0, c.docs + sign);
  c.mass = Math.max(0, c.mass + sign);
  for (const [token, w] of weights) {
    const df = (model.df[token] ?? 0) + sign;
    if (df > 0) model.df[token] = df;
    else delete model.df[token];
    const n = (c.counts[token] ?? 0) + sign * w;
    // Removing a document whose words changed since it was learned can leave crumbs; the next full retrain clears them.
    if (n > 1e-9) c.counts[token] = n;
    else delete c.counts[token];
  }
  if (c.docs === 0) delete model.classes[categoryId];
}

/** The most likely category with a confidence in [0, 1]; null when there is nothing to compare. */
export function predict(model: ClassifierModel, features: Features): Prediction | null {
  const classIds = Object.keys(model.classes)
    .filter((id) => model.classes[id].docs > 0)
    .sort();
  // With one category learned every document would look like it: a choice needs at least two.
  if (classIds.length < 2 || features.size === 0) return null;
  const vocabulary = Math.max(1, Object.keys(model.df).length);
  const alpha = 1 / vocabulary; // smoothing worth one document spread over the vocabulary
  let known = 0;
  let unknown = 0;
  const query: [string, number][] = [];
  for (const [token, tf] of features) {
    const df = model.df[token] ?? 0;
    const w = (1 + Math.log(tf)) * (Math.log((model.docs + 1) / (df + 1)) + 1);
    if (df > 0) {
      query.push([token, w]);
      known += w;
    } else unknown += w;
  }
  if (known === 0) return null;
  const scale = Math.min(1, EVIDENCE_CAP / known);
  const scores = classIds.map((id) => {
    const c = model.classes[id];
    const denominator = Math.log(c.mass + alpha * vocabulary);
    let loglik = 0;
    for (const [token, w] of query) loglik += w * (Math.log((c.counts[token] ?? 0) + alpha) - denominator);
    return Math.log((c.docs + 1) / (model.docs + classIds.length)) + scale * loglik;
  });
  const top = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - top));
  const sum = exp.reduce((a, b) => a + b, 0);
  const ranking = classIds.map((id, i) => ({ categoryId: id, posterior: exp[i] / sum })).sort((a, b) => b.posterior - a.posterior);
  const coverage = known / (known + unknown);
  const best = ranking[0];
  const confidence = best.posterior * Math.sqrt(coverage) * Math.min(1, known / EVIDENCE_FLOOR);
  return { categoryId: best.categoryId, posterior: best.posterior, coverage, confidence, ranking };
}

/** Keeps the vocabulary bounded: the rarest tokens go first. */
export function prune(model: ClassifierModel, maxVocabulary = MAX_VOCABULARY): void {
  const tokens = Object.keys(model.df);
  if (tokens.length <= maxVocabulary) return;
  const drop = tokens.sort((a, b) => model.df[a] - model.df[b]).slice(0, tokens.length - maxVocabulary);
  for (const t of drop) {
    delete model.df[t];
    for (const c of Object.values(model.classes)) delete c.counts[t];
  }
}

/** Forgets a category entirely (it was deleted); its documents' words stay in the IDF until the next full retrain. */
export function forgetCategory(model: ClassifierModel, categoryId: string): void {
  const c = model.classes[categoryId];
  if (!c) return;
  model.docs = Math.max(0, model.docs - c.docs);
  delete model.classes[categoryId];
}

const modelSchema = z.object({
  version: z.literal(1),
  docs: z.number().int().nonnegative(),
  df: z.record(z.string(), z.number()),
  classes: z.record(z.string(), z.object({ docs: z.number().int().nonnegative(), mass: z.number().nonnegative(), counts: z.record(z.string(), z.number()) })),
});

/** JSON for category_models.model: counts rounded, so a model does not grow digits it does not need. */
export function serializeModel(model: ClassifierModel): ClassifierModel {
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  const classes: ClassifierModel["classes"] = {};
  for (const [id, c] of Object.entries(model.classes)) {
    classes[id] = { docs: c.docs, mass: round(c.mass), counts: Object.fromEntries(Object.entries(c.counts).map(([t, n]) => [t, round(n)])) };
  }
  return { version: 1, docs: model.docs, df: { ...model.df }, classes };
}

/** A stored model, checked; anything unreadable (an older format) gives an empty model to retrain. */
export function parseModel(json: unknown): ClassifierModel {
  const parsed = modelSchema.safeParse(json);
  return parsed.success ? (parsed.data as ClassifierModel) : emptyModel();
}

function trainingWeights(features: Features): Map<string, number> {
  let total = 0;
  const w = new Map<string, number>();
  for (const [token, tf] of features) {
    const x = 1 + Math.log(tf);
    w.set(token, x);
    total += x;
  }
  for (const [token, x] of w) w.set(token, x / total);
  return w;
}
