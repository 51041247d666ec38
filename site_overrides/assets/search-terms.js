/* How search cuts text into terms: the one contract between the build (scripts/gongkai/site/search_index.py,
 * which indexes report texts) and the browser (search.js, which cuts the reader's query). tests/data/
 * search_terms.json holds shared vectors that pytest runs on the Python side and `node --test` on this module.
 *
 * Folding, on both sides: NFKC, lower case, traditional characters to simplified by OpenCC's character table
 * (written by the build as search-index/t2s.json), and the brackets of a 文号's year (［］ [] （） () 〔〕) to 〔〕.
 * Terms: Chinese as overlapping character pairs (邮亭镇 → 邮亭 亭镇), other words (letters, digits) whole.
 */
export const HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}"; // as _HAN in search_index.py
const PIECES = new RegExp(`([${HAN}]+)|((?:(?![${HAN}])[\\p{L}\\p{N}])+)`, "gu");
// The year of a 文号 in any bracket: 〔2024〕, ［2024］, [2024], （2024）, (2024).
const DOC_NUMBER_YEAR = /[［[（(〔]\s*((?:19|20)\d\d)\s*[］\]）)〕]/g;
const DOC_NUMBER = new RegExp(`(?:[${HAN}]{1,16})?〔(?:19|20)\\d\\d〕\\d{1,5}号`, "gu");

/** `text` folded as the index folds it; `t2s` maps traditional characters to simplified ones. */
export function fold(text, t2s) {
  const folded = text.normalize("NFKC").toLowerCase().replace(DOC_NUMBER_YEAR, "〔$1〕");
  if (!t2s || !t2s.size) return folded;
  let out = "";
  for (const char of folded) out += t2s.get(char) || char;
  return out;
}

/** Index terms of folded text, in the order search_index.term_counts first meets them. */
export function terms(folded) {
  const found = [];
  for (const [, han, word] of folded.matchAll(PIECES)) {
    if (han) {
      const chars = [...han];
      for (let index = 0; index + 1 < chars.length; index += 1) found.push(chars[index] + chars[index + 1]);
    } else {
      found.push(word);
    }
  }
  return found;
}

/** One alternative of a query: the terms a report must hold, the phrases it must show, the phrases it must not. */
function alternative(text, t2s) {
  const folded = fold(text, t2s);
  const wanted = new Set();
  const phrases = [];
  const excluded = [];
  for (const docNumber of folded.match(DOC_NUMBER) || []) phrases.push(docNumber); // 〔2024〕19号 as one phrase
  for (const word of folded.split(/\s+/).filter(Boolean)) {
    if (word.startsWith("-") && word.length > 1) {
      excluded.push(...[...word.slice(1).matchAll(PIECES)].map((match) => match[0]));
      continue;
    }
    for (const [piece, han] of word.matchAll(PIECES)) {
      if (han && [...han].length < 2) continue; // a lone character (the 号 of a 文号) is no term: too common
      phrases.push(piece);
      for (const term of terms(piece)) wanted.add(term);
    }
  }
  return { terms: [...wanted], phrases: [...new Set(phrases)], excluded };
}

/** What the reader typed: alternatives joined by OR, each with its terms, phrases and excluded phrases (-word). */
export function parseQuery(text, t2s) {
  return text.split(/\s+OR\s+/).map((part) => alternative(part, t2s)).filter((part) => part.terms.length);
}

/** Whether a report's folded text satisfies one alternative: every phrase held, no excluded one. */
export function satisfies(foldedText, part) {
  return part.phrases.every((phrase) => foldedText.includes(phrase))
    && !part.excluded.some((phrase) => foldedText.includes(phrase));
}

/** Whether counting reports by their terms is already exact for these alternatives: every phrase one pair or one
 * word, nothing excluded, no alternatives (else a count says 约 until every candidate was read). */
export function countsAreExact(parts) {
  return parts.length <= 1 && parts.every((part) => !part.excluded.length
    && part.phrases.every((phrase) => terms(phrase).length <= 1));
}

/** The t2s table as search-index/t2s.json holds it: one string of (traditional, simplified) character pairs. */
export function characterMap(pairs) {
  const map = new Map();
  const chars = [...pairs];
  for (let index = 0; index + 1 < chars.length; index += 2) map.set(chars[index], chars[index + 1]);
  return map;
}
