/* The search page (site_overrides/search.html): reads ?q= and the filters from the address, queries the
 * Pagefind index in ../pagefind/ and lists matching reports with place, year, 文号 and a snippet.
 *
 * The index holds Chinese text as overlapping character pairs (see scripts/gongkai/site/search_index.py for
 * why): a query is cut the same way here, and a single phrase (普法, 邮亭镇) is searched as an exact sequence of
 * pairs, so it matches the phrase itself and not its characters scattered over a report. Pagefind does not rank
 * exact matches, so the same pairs are also searched loosely and the exact matches listed in that ranking
 * (headings and titles weigh more: the 邮亭镇 report before reports that merely mention 邮亭镇).
 */
const HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}"; // as _HAN in search_index.py
const PIECES = new RegExp(`([${HAN}]+)|((?:(?![${HAN}])[\\p{L}\\p{N}\\p{M}])+)`, "gu");
const MARKER = "0c";
const PAIR = /^([^\p{L}\p{N}]*)0c([0-9a-z]{4})(?:[0-9a-z]{4})?([^\p{L}\p{N}]*)$/u;
const PAGE_SIZE = 10;
const SNIPPET_BEFORE = 30;
const SNIPPET_LENGTH = 120;

const root = new URL("..", import.meta.url);
const code = (char) => char.codePointAt(0).toString(36).padStart(4, "0");

/** The Pagefind query for what the reader typed, whether it is one phrase, and the phrases to highlight. */
function queryFor(text) {
  const tokens = [];
  const phrases = [];
  let pieces = 0;
  let pairRuns = 0;
  for (const [, han, word] of text.matchAll(PIECES)) {
    pieces += 1;
    if (han) {
      const chars = [...han];
      phrases.push(han);
      if (chars.length === 1) {
        tokens.push(MARKER + code(chars[0])); // matches every pair this character starts
      } else {
        pairRuns += 1;
        for (let index = 0; index + 1 < chars.length; index += 1) tokens.push(MARKER + code(chars[index]) + code(chars[index + 1]));
      }
    } else {
      const normal = word.normalize("NFKC").toLowerCase();
      phrases.push(normal);
      tokens.push(normal);
    }
  }
  return { words: tokens.join(" "), exact: pieces === 1 && pairRuns === 1, phrases };
}

/** The indexed text back as it reads: each pair token stands for its first character. */
function readable(content) {
  let text = "";
  let afterWord = false;
  for (const token of content.split(/\s+/)) {
    const pair = token && PAIR.exec(token);
    if (pair) {
      text += pair[1] + String.fromCodePoint(parseInt(pair[2], 36)) + pair[3];
      afterWord = false;
    } else if (token) {
      text += (afterWord && /^[\p{L}\p{N}]/u.test(token) ? " " : "") + token;
      afterWord = /[\p{L}\p{N}]$/u.test(token);
    }
  }
  return text;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function snippet(text, phrases) {
  const lower = text.toLowerCase();
  const hits = [];
  for (const phrase of phrases) {
    for (let at = lower.indexOf(phrase); at >= 0; at = lower.indexOf(phrase, at + phrase.length)) hits.push([at, at + phrase.length]);
  }
  hits.sort((a, b) => a[0] - b[0]);
  const start = hits.length ? Math.max(0, hits[0][0] - SNIPPET_BEFORE) : 0;
  const end = Math.min(text.length, start + SNIPPET_LENGTH);
  const paragraph = element("p", "gk-results__snippet", start > 0 ? "…" : "");
  let at = start;
  for (const [from, to] of hits) {
    if (from < at || to > end) continue;
    paragraph.append(text.slice(at, from), element("mark", "", text.slice(from, to)));
    at = to;
  }
  paragraph.append(text.slice(at, end) + (end < text.length ? "…" : ""));
  return paragraph;
}

function resultItem(data, phrases) {
  const { meta } = data;
  const item = element("li", "gk-results__item");
  const link = element("a", "gk-results__title", meta.title || data.url);
  link.href = data.url;
  const year = meta.year ? `${meta.year}度` : "";
  const facts = [meta.place, year, meta.doc_number].filter(Boolean).join(" · ");
  item.append(link, element("p", "gk-results__facts", facts), snippet(readable(data.content), phrases));
  return item;
}

function fillSelect(select, counts, chosen) {
  const values = Object.entries(counts || {}).filter(([value, count]) => count > 0 || value === chosen);
  values.sort(([a], [b]) => (select.name === "year" ? b.localeCompare(a) : a.localeCompare(b, "zh")));
  select.replaceChildren(element("option", "", "全部"));
  select.firstChild.value = "";
  for (const [value, count] of values) {
    const option = element("option", "", `${value}（${count}）`);
    option.value = value;
    select.append(option);
  }
  select.value = chosen;
}

async function main() {
  const form = document.querySelector("[data-gk-search]");
  const status = document.querySelector(".gk-results__status");
  const list = document.querySelector(".gk-results");
  const more = document.querySelector(".gk-results__more");
  const selects = [...form.querySelectorAll("select")];
  const filterBox = form.querySelector("details");
  const params = new URLSearchParams(location.search);
  const chosen = Object.fromEntries(selects.map((select) => [select.name, params.get(select.name) || ""]));
  form.hidden = false;
  form.elements.q.value = params.get("q") || "";

  let pagefind;
  try {
    // A sharded build (`gongkai build --shard province`) has one index per province, in <code>/pagefind/,
    // listed in search-shards.json: load the first and merge the others into it. Otherwise: pagefind/.
    const shards = await fetch(new URL("search-shards.json", root)).then((r) => (r.ok ? r.json() : []), () => []);
    const bundles = shards.length ? shards.map((code) => `${code}/`) : [""];
    pagefind = await import(new URL(`${bundles[0]}pagefind/pagefind.js`, root).href);
    // Matches in a report's title and place (its "terms", indexed as pairs) rank a town's own report first.
    const ranking = { metaWeights: { terms: 5 } };
    await pagefind.options({ baseUrl: new URL(bundles[0], root).pathname, ranking });
    for (const bundle of bundles.slice(1)) {
      await pagefind.mergeIndex(new URL(`${bundle}pagefind/`, root).href, { baseUrl: new URL(bundle, root).pathname, ranking });
    }
  } catch (error) {
    console.error("Pagefind index not found: run `gongkai build`.", error);
    status.textContent = "检索暂不可用，请按地区或按年度浏览。";
    return;
  }

  let latest = 0;
  let shown = 0;
  let results = [];
  let phrases = [];
  const showMore = async () => {
    const batch = await Promise.all(results.slice(shown, shown + PAGE_SIZE).map((result) => result.data()));
    list.append(...batch.map((data) => resultItem(data, phrases)));
    shown += batch.length;
    more.hidden = shown >= results.length;
  };

  const search = async () => {
    const text = form.elements.q.value.trim();
    const filters = Object.fromEntries(Object.entries(chosen).filter(([, value]) => value));
    history.replaceState(null, "", "?" + new URLSearchParams({ q: text, ...filters }));
    list.replaceChildren();
    more.hidden = true;
    if (!text && !Object.keys(filters).length) {
      status.textContent = "";
      return;
    }
    list.setAttribute("aria-busy", "true");
    status.textContent = "正在检索……";
    const query = queryFor(text);
    phrases = query.phrases;
    const run = (latest += 1);
    const loose = await pagefind.search(text ? query.words : null, { filters });
    // The exact search needs the same index chunks: nothing more is downloaded.
    const exact = query.exact ? await pagefind.search(`"${query.words}"`, { filters }) : loose;
    if (run !== latest) return; // the reader has asked something else meanwhile
    const matching = new Set(exact.results.map((result) => result.id));
    results = loose.results.filter((result) => matching.has(result.id));
    shown = 0;
    for (const select of filterBox.open ? selects : []) {
      // Counts for the query alone (so another 省份 stays choosable), except 县, which follows the chosen 省份.
      const counts = text && select.name !== "county" ? exact.totalFilters : exact.filters;
      fillSelect(select, counts[select.name], chosen[select.name]);
    }
    status.textContent = results.length ? `找到 ${results.length} 篇报告` : "没有找到相关报告，请换用其他检索词或减少筛选条件。";
    await showMore();
    list.setAttribute("aria-busy", "false"); // also tells tests and the benchmark that the results are in
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  for (const select of selects) {
    select.addEventListener("change", () => {
      chosen[select.name] = select.value;
      search();
    });
  }
  more.addEventListener("click", showMore);
  // The filter lists load when the reader opens the filters (or arrives with some chosen), then counts show.
  filterBox.addEventListener("toggle", async () => {
    if (!filterBox.open) return;
    const all = await pagefind.filters(); // counts over every report, until a search narrows them
    for (const select of selects) fillSelect(select, all[select.name], chosen[select.name]);
    await search();
  });
  if (Object.values(chosen).some(Boolean)) filterBox.open = true; // its toggle event runs the first search
  else await search();
}

main();
