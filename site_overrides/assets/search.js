/* The search page (site_overrides/search.html): reads ?q= and the filters from the address, queries the static
 * index in ../search-index/ (written by scripts/gongkai/site/search_index.py, which describes its formats) and
 * lists matching reports with place, year, 文号 and a snippet.
 *
 * A query is cut and folded as the index was (search-terms.js: character pairs, 繁→简, a 文号's brackets). A report
 * matches an alternative (A OR B) when it holds all its terms; it is shown only if its text holds each phrase typed
 * and none marked -word. Ranking: reports whose title, place, organ or 文号 hold every term first (a town's own
 * report before reports that merely mention the town), then by term frequency weighted by rarity. A count that
 * the term index alone cannot make exact says 约 until every candidate has been read.
 * Any failure (a missing or stale file, a browser without DecompressionStream) says so and offers browsing: never
 * "no results", never a status left at 正在检索.
 */
import { characterMap, countsAreExact, fold, parseQuery, satisfies } from "./search-terms.js";

const FINE_BITS = 12;
const INDEX_VERSION = 2;
const FIELD_BOOST = 1000;
const PAGE_SIZE = 10;
const SNIPPET_BEFORE = 30;
const SNIPPET_LENGTH = 120;
const FAILED = "检索出错，暂时无法完成。可刷新页面重试，或按地区、按年度浏览全部报告。";

const root = new URL("..", import.meta.url);
const indexRoot = new URL("search-index/", root);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const CRC_TABLE = Array.from({ length: 256 }, (_, byte) => {
  let value = byte;
  for (let bit = 0; bit < 8; bit += 1) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  return value >>> 0;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

async function gunzip(url) {
  if (typeof DecompressionStream === "undefined") throw new Error("this browser has no DecompressionStream");
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const stream = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A reader of LEB128 varints over bytes[at…]. */
function varints(bytes, at) {
  return {
    at,
    next() {
      let value = 0;
      let shift = 0;
      for (;;) {
        const byte = bytes[this.at++];
        value += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) return value;
        shift += 7;
      }
    },
  };
}

class SearchIndex {
  constructor(index, t2s) {
    this.index = index;
    this.t2s = t2s; // traditional → simplified characters, as the index folded them
    this.bases = [];
    let base = 0;
    for (const segment of index.segments) {
      this.bases.push(base);
      base += segment.docs;
    }
    this.chunks = new Map(); // chunk number → Promise of Map(term → [segment, bytes][])
    this.fragments = new Map();
  }

  static async load() {
    const response = await fetch(new URL("index.json", indexRoot), { cache: "no-cache" }); // always this deploy's
    if (!response.ok) throw new Error(`search-index/index.json: ${response.status}`);
    const index = await response.json();
    // The index format this script reads (gongkai.site.search_index INDEX_VERSION): another one is never misread.
    if (index.version !== INDEX_VERSION) throw new Error(`search-index/index.json: version ${index.version}`);
    const pairs = JSON.parse(decoder.decode(await gunzip(SearchIndex.url("t2s.json.gz", indexRoot, index.build))));
    return new SearchIndex(index, characterMap(pairs));
  }

  /** A file of this build: ?v= keeps a browser from reusing a chunk or fragment cached from an earlier deploy. */
  static url(path, base, build) {
    const url = new URL(path, base);
    url.searchParams.set("v", build);
    return url;
  }

  get size() {
    return this.index.docs;
  }

  chunk(number) {
    if (!this.chunks.has(number)) {
      this.chunks.set(number, gunzip(SearchIndex.url(`t/${number}.bin.gz`, indexRoot, this.index.build)).then((bytes) => {
        const terms = new Map();
        const reader = varints(bytes, 0);
        while (reader.at < bytes.length) {
          const segment = reader.next();
          const end = reader.next() + reader.at;
          while (reader.at < end) {
            const length = reader.next();
            const term = decoder.decode(bytes.subarray(reader.at, (reader.at += length)));
            const size = reader.next();
            if (!terms.has(term)) terms.set(term, []);
            terms.get(term).push([segment, bytes.subarray(reader.at, (reader.at += size))]);
          }
        }
        return terms;
      })); // every chunk exists, empty or not: a missing one is a failure, reported as such
    }
    return this.chunks.get(number);
  }

  /** Map(report id → weight) of the reports holding `term`; weight = frequency * 2 + (in title/place/文号). */
  async postings(term) {
    const bits = this.index.bits;
    const number = bits ? crc32(encoder.encode(term)) >>> (32 - bits) : 0;
    const found = new Map();
    for (const [segment, bytes] of (await this.chunk(number)).get(term) || []) {
      const reader = varints(bytes, 0);
      let id = this.bases[segment];
      while (reader.at < bytes.length) {
        id += reader.next();
        found.set(id, bytes[reader.at++]);
      }
    }
    return found;
  }

  /** Report ids holding every term of one of the alternatives, best first. */
  async search(parts) {
    const best = new Map();
    for (const scored of await Promise.all(parts.map((part) => this.scored(part.terms)))) {
      for (const [id, score] of scored) best.set(id, Math.max(score, best.get(id) ?? -Infinity));
    }
    return [...best].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
  }

  /** [report id, score] of the reports holding every term. */
  async scored(terms) {
    const lists = await Promise.all(terms.map((term) => this.postings(term)));
    lists.sort((a, b) => a.size - b.size);
    const scored = [];
    for (const [id] of lists[0] || []) {
      let score = 0;
      let inFields = 0;
      for (const list of lists) {
        const weight = list.get(id);
        if (weight === undefined) {
          score = -1;
          break;
        }
        const frequency = weight >> 1;
        inFields += weight & 1;
        score += Math.log(1 + this.size / list.size) * (frequency ? 1 + Math.log(frequency) : 0);
      }
      if (score >= 0) scored.push([id, score + (inFields === lists.length ? FIELD_BOOST : 0)]);
    }
    return scored;
  }

  /** Province, county, year and type of every report (fetched once, when the reader filters). */
  filters() {
    if (!this.filterTable) {
      this.filterTable = gunzip(SearchIndex.url("docs.json.gz", indexRoot, this.index.build)).then((bytes) => {
        const table = JSON.parse(decoder.decode(bytes));
        const columns = {};
        for (const [key, { values, runs }] of Object.entries(table)) {
          const column = new Uint32Array(this.size);
          let at = 0;
          for (let index = 0; index < runs.length; index += 2) column.fill(runs[index], at, (at += runs[index + 1]));
          columns[key] = { values, column };
        }
        return columns;
      });
    }
    return this.filterTable;
  }

  /** What a result shows: {url, title, place, year, doc_number, fields, text}. */
  fragment(id) {
    if (!this.fragments.has(id)) {
      let segment = this.bases.length - 1;
      while (this.bases[segment] > id) segment -= 1;
      const path = `${this.index.segments[segment].path}search-index/${id - this.bases[segment]}.json.gz`;
      this.fragments.set(id, gunzip(SearchIndex.url(path, root, this.index.build)).then((bytes) => JSON.parse(decoder.decode(bytes))));
    }
    return this.fragments.get(id);
  }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function snippet(text, phrases, t2s) {
  const lower = fold(text, t2s); // the same length as text where it matters: NFKC and 繁→简 keep CJK one to one
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

function resultItem(data, phrases, t2s) {
  const item = element("li", "gk-results__item");
  const link = element("a", "gk-results__title", data.title || data.url);
  link.href = new URL(data.url, root).pathname;
  const year = data.year ? `${data.year}度` : "";
  const facts = [data.place, year, data.doc_number].filter(Boolean).join(" · ");
  item.append(link, element("p", "gk-results__facts", facts), snippet(data.text.replace(/\s+/g, " "), phrases, t2s));
  return item;
}

/** Whether a report satisfies one of the alternatives: pairs found apart (邮亭 … 亭镇) do not make 邮亭镇. */
function holds(data, parts, t2s) {
  const text = fold(`${data.title} ${data.fields} ${data.text}`, t2s);
  return parts.some((part) => satisfies(text, part));
}

function fillSelect(select, counts, chosen, exact) {
  const values = Object.entries(counts).filter(([value, count]) => value && (count > 0 || value === chosen));
  values.sort(([a], [b]) => (select.name === "year" ? b.localeCompare(a) : a.localeCompare(b, "zh")));
  select.replaceChildren(element("option", "", "全部"));
  select.firstChild.value = "";
  for (const [value, count] of values) {
    const option = element("option", "", `${value}（${exact ? "" : "约"}${count}）`);
    option.value = value;
    select.append(option);
  }
  select.value = chosen;
}

function counts(ids, { values, column }) {
  const tally = Object.fromEntries(values.map((value) => [value, 0]));
  for (const id of ids) tally[values[column[id]]] += 1;
  return tally;
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

  const fail = (error) => {
    console.error("Search failed:", error);
    status.textContent = FAILED;
    status.classList.add("gk-results__status--failed");
    more.hidden = true;
    list.setAttribute("aria-busy", "false");
  };

  let index;
  try {
    index = await SearchIndex.load();
  } catch (error) {
    fail(error);
    return;
  }

  let latest = 0;
  let results = [];
  let next = 0;
  let rejected = 0; // candidates read and found not to hold what was typed
  let parts = [];
  let exact = true;
  const report = () => {
    const shown = list.children.length;
    const done = next >= results.length;
    if (!shown && done) status.textContent = "没有找到相关报告，请换用其他检索词或减少筛选条件。";
    else if (done || exact) status.textContent = `找到 ${done ? shown : results.length} 篇报告`;
    else status.textContent = `找到约 ${results.length - rejected} 篇报告，已显示 ${shown} 篇`;
  };
  const showMore = async (run = latest) => {
    let added = 0;
    while (added < PAGE_SIZE && next < results.length) {
      const batch = results.slice(next, next + PAGE_SIZE - added);
      next += batch.length;
      const fragments = await Promise.all(batch.map((id) => index.fragment(id)));
      if (run !== latest) return; // a newer search has cleared the list
      const kept = fragments.filter((data) => holds(data, parts, index.t2s));
      rejected += fragments.length - kept.length;
      list.append(...kept.map((data) => resultItem(data, parts.flatMap((part) => part.phrases), index.t2s)));
      added += kept.length;
    }
    more.hidden = next >= results.length;
    report();
  };

  const search = async () => {
    const text = form.elements.q.value.trim();
    const filters = Object.fromEntries(Object.entries(chosen).filter(([, value]) => value));
    history.replaceState(null, "", "?" + new URLSearchParams({ q: text, ...filters }));
    list.replaceChildren();
    more.hidden = true;
    status.classList.remove("gk-results__status--failed");
    const query = parseQuery(text, index.t2s);
    const asked = query.length || Object.keys(filters).length;
    list.setAttribute("aria-busy", "true");
    status.textContent = asked ? "正在检索……" : "";
    const run = (latest += 1);
    const everything = () => Array.from({ length: index.size }, (_, id) => id);
    const matching = query.length ? await index.search(query) : everything();
    const table = Object.keys(filters).length || filterBox.open ? await index.filters() : null;
    if (run !== latest) return; // the reader has asked something else meanwhile
    const passes = (id, keys) => keys.every((key) => table[key].values[table[key].column[id]] === filters[key]);
    results = table ? matching.filter((id) => passes(id, Object.keys(filters))) : matching;
    exact = countsAreExact(query);
    if (table) {
      // Counts for the query alone (so another 省份 stays choosable), except 县, which follows the chosen 省份.
      const inProvince = matching.filter((id) => passes(id, filters.province ? ["province"] : []));
      for (const select of selects) {
        const tally = counts(select.name === "county" ? inProvince : matching, table[select.name]);
        fillSelect(select, tally, chosen[select.name], exact);
      }
    }
    if (!asked) {
      status.textContent = text ? "请输入至少两个汉字，或一个完整的词、数字。" : "";
      list.setAttribute("aria-busy", "false");
      return;
    }
    parts = query.length ? query : [{ terms: [], phrases: [], excluded: [] }];
    next = 0;
    rejected = 0;
    await showMore(run);
    if (run !== latest) return;
    list.setAttribute("aria-busy", "false"); // also tells tests and the benchmark that the results are in
  };
  const guarded = () => search().catch(fail);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    guarded();
  });
  for (const select of selects) {
    select.addEventListener("change", () => {
      chosen[select.name] = select.value;
      if (select.name === "province") chosen.county = ""; // a county of another province would match nothing
      guarded();
    });
  }
  more.addEventListener("click", () => showMore(latest).catch(fail));
  // The filter lists load when the reader opens the filters (or arrives with some chosen), then counts show.
  filterBox.addEventListener("toggle", () => {
    if (filterBox.open) guarded();
  });
  if (Object.values(chosen).some(Boolean)) filterBox.open = true; // its toggle event runs the first search
  else await guarded();
}

main();
