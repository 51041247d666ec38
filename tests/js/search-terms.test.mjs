// The browser's side of the search term contract (tests/data/search_terms.json); run by tests/test_search_terms.py
// as `node --test`, with T2S_PAIRS naming a file of the t2s pairs the build writes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { characterMap, countsAreExact, fold, parseQuery, terms } from "../../site_overrides/assets/search-terms.js";

const vectors = JSON.parse(readFileSync(new URL("../data/search_terms.json", import.meta.url), "utf-8"));
const t2s = characterMap(JSON.parse(readFileSync(process.env.T2S_PAIRS, "utf-8")));
const sorted = (items) => [...items].sort();

for (const { text, terms: expected } of vectors.texts) {
  test(`terms of ${JSON.stringify(text)}`, () => {
    assert.deepEqual(sorted(terms(fold(text, t2s))), sorted(expected));
  });
}

for (const { query, parts, exact } of vectors.queries) {
  test(`query ${JSON.stringify(query)}`, () => {
    const parsed = parseQuery(query, t2s);
    assert.deepEqual(parsed.map((part) => ({ ...part, terms: sorted(part.terms) })),
      parts.map((part) => ({ ...part, terms: sorted(part.terms) })));
    assert.equal(countsAreExact(parsed), exact);
  });
}
