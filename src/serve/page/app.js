// kavosh's search page. The URL holds the whole state (q, page, sort, source, from, to,
// match, article), so a page can be shared and Back works. Every article field reaches
// the page as a text node: nothing from the index is ever parsed as markup.
"use strict";

const PAGE_SIZE = 10;
// The deepest page the server gives, from the option table the page carries
// (search/options.rs).
const OPTIONS = JSON.parse(document.getElementById("options").textContent);
const MAX_OFFSET = OPTIONS.numbers.find((option) => option.name === "offset").max;
const MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
  "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];
const STATE_KEYS = ["q", "page", "sort", "source", "from", "to", "match", "article"];

const $ = (id) => document.getElementById(id);
const persianNumber = new Intl.NumberFormat("fa-IR");
const jalaliDate = new Intl.DateTimeFormat("fa-IR-u-ca-persian", {
  year: "numeric", month: "long", day: "numeric", timeZone: "UTC",
});

/** Digits as Persian digits, in any string (dates, ranges). */
function fa(text) {
  return String(text).replace(/[0-9]/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[d]);
}

function count(n) {
  return persianNumber.format(n);
}

/** An element with attributes and children; strings become text nodes. */
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

function svg(tag, attributes, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

/** `text` with the character ranges `highlights` (code points, end exclusive) in <mark>. */
function marked(text, highlights) {
  const chars = Array.from(text);
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const [from, to] of highlights || []) {
    if (from > at) fragment.append(chars.slice(at, from).join(""));
    fragment.append(el("mark", {}, chars.slice(from, to).join("")));
    at = to;
  }
  if (at < chars.length) fragment.append(chars.slice(at).join(""));
  return fragment;
}

// ---- state in the URL ----

function currentState() {
  const params = new URLSearchParams(location.search);
  const state = {};
  for (const key of STATE_KEYS) {
    const value = params.get(key);
    if (value) state[key] = value;
  }
  return state;
}

function urlOf(state) {
  const params = new URLSearchParams();
  for (const key of STATE_KEYS) {
    if (state[key] && !(key === "page" && state[key] === "1")) params.set(key, state[key]);
  }
  const query = params.toString();
  return query ? "/?" + query : "/";
}

/**
 * Goes to a new state: a new history entry, then the page for it. `entry` is kept with
 * the entry (an article opened from the results knows they are one step back).
 */
function go(changes, keepPage, entry) {
  const state = Object.assign(currentState(), changes);
  if (!keepPage) delete state.page;
  for (const key of Object.keys(state)) if (!state[key]) delete state[key];
  history.pushState(entry || null, "", urlOf(state));
  render();
}

// ---- talking to the API ----

let generation = 0;

async function api(path, params) {
  const query = new URLSearchParams(params).toString();
  const response = await fetch(path + (query ? "?" + query : ""));
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function showOnly(id) {
  for (const view of ["results-view", "article-view", "welcome", "message"]) {
    $(view).hidden = view !== id;
  }
}

function showMessage(text) {
  $("message").textContent = text;
  showOnly("message");
}

async function render() {
  const state = currentState();
  const mine = ++generation;
  $("q").value = state.q || "";
  $("from").value = state.from || "";
  $("to").value = state.to || "";
  document.body.classList.add("loading");
  try {
    if (state.article) {
      const article = await api("/api/articles/" + encodeURIComponent(state.article),
        state.q ? { q: state.q } : {});
      if (mine === generation) showArticle(article);
    } else if (state.q) {
      const results = await api("/api/search", searchParams(state));
      if (mine === generation) showResults(results, state);
    } else {
      const stats = await api("/api/stats", {});
      if (mine === generation) showWelcome(stats);
    }
  } catch (error) {
    if (mine === generation) showMessage(error.message);
  } finally {
    if (mine === generation) document.body.classList.remove("loading");
  }
}

function searchParams(state) {
  const page = Math.max(1, parseInt(state.page || "1", 10) || 1);
  const params = {
    q: state.q,
    limit: PAGE_SIZE,
    offset: Math.min((page - 1) * PAGE_SIZE, MAX_OFFSET),
    passages: 2,
    passage_chars: 220,
  };
  for (const key of ["sort", "source", "from", "to", "match"]) {
    if (state[key]) params[key] = state[key];
  }
  return params;
}

// ---- the front page ----

function showWelcome(stats) {
  document.title = "کاوش: جست‌وجوی خبرها";
  const sources = stats.sources.length;
  $("stats").textContent = `${count(stats.articles)} خبر از ${count(sources)} منبع`;
  showOnly("welcome");
}

// ---- results ----

function showResults(results, state) {
  document.title = `${results.query} — کاوش`;
  const first = results.hits.length ? results.hits[0].rank : 0;
  const last = results.hits.length ? results.hits[results.hits.length - 1].rank : 0;
  // Copies of one story are one hit: pages count stories.
  const stories = results.stories ?? results.total;
  const copies = stories < results.total ? ` (${count(stories)} خبرِ جدا، رونوشت‌ها یک‌جا)` : "";
  $("summary").textContent = results.total
    ? (results.total_is_lower_bound ? "بیش از " : "") + `${count(results.total)} خبر یافت شد${copies}` + (first ? ` · ${count(first)} تا ${count(last)}` : "")
    : "خبری یافت نشد";
  $("summary").dataset.total = results.total;
  showNotices(results);
  for (const button of document.querySelectorAll("#sort button")) {
    const active = (state.sort || "relevance") === button.dataset.sort;
    button.setAttribute("aria-pressed", active ? "true" : "false");
  }
  $("hits").replaceChildren(...results.hits.map((hit) => hitItem(hit, state)));
  $("hits").start = first || 1;
  showPager(stories, state);
  const facets = results.facets || { sources: [], months: [], undated: 0 };
  showChips(state);
  showSources(facets.sources, state);
  showHistogram(facets.months, facets.undated, state);
  showOnly("results-view");
}

/** A link that searches `query` (keeping the filters). */
function queryLink(query) {
  const link = el("a", { href: urlOf(Object.assign(currentState(), { q: query, page: "" })) }, query);
  link.addEventListener("click", (event) => {
    event.preventDefault();
    go({ q: query, article: "" });
  });
  return link;
}

function showNotices(results) {
  const notices = [];
  if (results.corrected_query) {
    notices.push(el("p", { class: "notice", id: "corrected" },
      "نتیجه‌ها برای ", queryLink(results.corrected_query), " (با درست کردن واژه‌ای که در هیچ خبری نبود)"));
  }
  if (results.suggestion) {
    notices.push(el("p", { class: "notice", id: "suggestion" },
      "منظورتان این بود: ", queryLink(results.suggestion), "؟"));
  }
  if (results.only_common_words && results.only_common_words.length) {
    notices.push(el("p", { class: "notice" },
      `فقط واژه‌های پرکاربرد (${results.only_common_words.join("، ")}): واژه‌ای بیفزایید که موضوع را بگوید.`));
  }
  if (results.matched === "any" && results.total > 0) {
    notices.push(el("p", { class: "notice" }, "هیچ خبری همهٔ واژه‌ها را نداشت؛ خبرهایی با برخی از واژه‌ها:"));
  }
  if (results.undated_left_out) {
    notices.push(el("p", { class: "notice" },
      `${count(results.undated_left_out)} خبرِ بی‌تاریخ با پالایش زمان کنار گذاشته شد.`));
  }
  $("notices").replaceChildren(...notices);
}

/** "۳۱ مرداد ۱۴۰۲ (۲۰۲۳/۰۸/۲۲)", or the date as written when kavosh could not read it. */
function dates(published, written) {
  if (!published) return written ? fa(written) : null;
  const day = new Date(published + "T00:00:00Z");
  // With slashes, Persian digits stay one number right to left (a hyphen would reverse it).
  return `${jalaliDate.format(day)} (${fa(published.replaceAll("-", "/"))})`;
}

function meta(item) {
  const parts = [item.source, dates(item.published, item.date), item.category].filter(Boolean);
  return parts.join(" · ");
}

function hitItem(hit, state) {
  const link = el("a", { href: urlOf(Object.assign({}, state, { article: hit.id })), class: "title" },
    marked(hit.title || hit.id, hit.title_highlights));
  link.addEventListener("click", (event) => {
    event.preventDefault();
    go({ article: hit.id }, true, { fromResults: true });
  });
  const passages = hit.passages.map((passage) =>
    el("p", { class: "passage" },
      passage.cut_before ? "…" : "",
      marked(passage.text.trim(), shiftLeading(passage)),
      passage.cut_after ? "…" : ""));
  return el("li", { class: "hit", "data-id": hit.id },
    el("h3", {}, link),
    el("p", { class: "meta" }, meta(hit)),
    ...passages,
    ...similarList(hit.similar || [], state));
}

/** The other articles of a hit's story, folded under it: "+2 more: source, source". */
function similarList(similar, state) {
  if (!similar.length) return [];
  const outlets = [...new Set(similar.map((mate) => mate.source || mate.id))];
  const items = similar.map((mate) => {
    const link = el("a", { href: urlOf(Object.assign({}, state, { article: mate.id })) }, mate.title || mate.id);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      go({ article: mate.id }, true, { fromResults: true });
    });
    const about = [mate.source, mate.date && fa(mate.date)].filter(Boolean).join(" · ");
    return el("li", { "data-id": mate.id }, link, about ? ` — ${about}` : "");
  });
  return [el("details", { class: "similar" },
    el("summary", {}, `+${count(similar.length)} خبر همانند: ${outlets.join("، ")}`),
    el("ul", {}, ...items))];
}

/** A passage's highlights after its leading white space is trimmed. */
function shiftLeading(passage) {
  const leading = Array.from(passage.text).length - Array.from(passage.text.trimStart()).length;
  return passage.highlights.map(([from, to]) => [from - leading, to - leading]);
}

function showPager(total, state) {
  const page = Math.max(1, parseInt(state.page || "1", 10) || 1);
  const pages = Math.min(Math.ceil(total / PAGE_SIZE), Math.floor(MAX_OFFSET / PAGE_SIZE) + 1);
  const items = [];
  const button = (label, target, extra) => {
    const b = el("button", Object.assign({ type: "button", "data-page": target }, extra || {}), label);
    b.addEventListener("click", () => {
      go({ page: String(target) }, true);
      window.scrollTo(0, 0);
    });
    return b;
  };
  if (page > 1) items.push(button("قبلی", page - 1, { id: "prev-page", rel: "prev" }));
  for (let p = Math.max(1, page - 3); p <= Math.min(pages, page + 3); p++) {
    items.push(p === page
      ? el("span", { class: "current", "aria-current": "page" }, count(p))
      : button(count(p), p));
  }
  if (page < pages) items.push(button("بعدی", page + 1, { id: "next-page", rel: "next" }));
  $("pager").replaceChildren(...(pages > 1 ? items : []));
}

function showChips(state) {
  const chips = [];
  const chip = (label, clear) => {
    const remove = el("button", { type: "button", "aria-label": "برداشتن", class: "remove" }, "×");
    remove.addEventListener("click", () => go(clear));
    return el("span", { class: "chip" }, label, remove);
  };
  if (state.source) chips.push(chip(`منبع: ${state.source}`, { source: "" }));
  if (state.from || state.to) {
    const range = state.from === state.to ? fa(state.from) : `${fa(state.from || "…")} تا ${fa(state.to || "…")}`;
    chips.push(chip(`زمان: ${range}`, { from: "", to: "" }));
  }
  $("chips").replaceChildren(...chips);
  // The phone's filter toggle counts the active filters, one per chip.
  $("filter-count").textContent = count(chips.length);
  $("filter-count").hidden = chips.length === 0;
  $("filters-toggle").setAttribute("aria-label",
    chips.length ? `پالایش (${count(chips.length)} فعال)` : "پالایش");
}

function showSources(sources, state) {
  $("sources").replaceChildren(...sources.map((entry) => {
    const b = el("button", {
      type: "button",
      class: "facet",
      "data-source": entry.source,
      "data-count": entry.count,
      "aria-pressed": state.source === entry.source ? "true" : "false",
    }, el("span", { class: "name" }, entry.source), el("span", { class: "count" }, count(entry.count)));
    b.addEventListener("click", () => go({ source: state.source === entry.source ? "" : entry.source }));
    return el("li", {}, b);
  }));
}

/** Every month from the first to the last with matches, empty ones included. */
function monthRange(months) {
  if (!months.length) return [];
  const counts = new Map(months.map((m) => [m.year * 12 + m.month - 1, m]));
  const first = months[0].year * 12 + months[0].month - 1;
  const last = months[months.length - 1].year * 12 + months[months.length - 1].month - 1;
  const all = [];
  for (let i = first; i <= last; i++) {
    all.push(counts.get(i) || { year: Math.floor(i / 12), month: (i % 12) + 1, count: 0 });
  }
  return all;
}

function showHistogram(months, undated, state) {
  const bars = monthRange(months);
  const box = $("histogram");
  if (!bars.length) {
    box.replaceChildren(el("p", { class: "empty" }, "تاریخی در دست نیست"));
    return;
  }
  // Wide and low, so that on a phone the results are not pushed a screen down.
  const width = 300, height = 70, axis = 16;
  const step = width / bars.length;
  const most = Math.max(...bars.map((b) => b.count));
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height + axis}`,
    role: "img",
    "aria-label": "نمودار شمار خبرها در هر ماه",
  });
  // Time runs right to left, as the page reads.
  bars.forEach((bar, index) => {
    const h = bar.count ? Math.max(2, (bar.count / most) * height) : 0;
    const x = width - (index + 1) * step;
    const label = `${MONTHS[bar.month - 1]} ${fa(bar.year)}: ${count(bar.count)} خبر`
      + (bar.from ? ` (${fa(bar.from.replaceAll("-", "/"))} تا ${fa(bar.to.replaceAll("-", "/"))})` : "");
    const period = `${bar.year}/${String(bar.month).padStart(2, "0")}`;
    const selected = state.from === period && state.to === period;
    const group = svg("g", {
      class: "bar" + (selected ? " selected" : "") + (bar.count ? "" : " none"),
      "data-month": period,
      "data-count": String(bar.count),
      tabindex: bar.count ? "0" : "-1",
    }, svg("title", {}, document.createTextNode(label)),
      svg("rect", { x: x, y: 0, width: step, height: height, class: "hit-area" }),
      svg("rect", { x: x + step * 0.1, y: height - h, width: Math.max(step * 0.8, 0.5), height: h, class: "fill" }));
    if (bar.count) {
      const pick = () => go({ from: period, to: period });
      group.addEventListener("click", pick);
      group.addEventListener("keydown", (event) => { if (event.key === "Enter") pick(); });
    }
    chart.append(group);
    if (bar.month === 1 || index === 0) {
      chart.append(svg("text", { x: x + step, y: height + axis - 4, class: "year" },
        document.createTextNode(fa(bar.year))));
    }
  });
  const note = undated ? el("p", { class: "undated" }, `${count(undated)} خبر بی‌تاریخ`) : null;
  box.replaceChildren(chart, ...(note ? [note] : []));
}

// ---- one article ----

let matchIndex = -1;

function showArticle(article) {
  document.title = `${article.title} — کاوش`;
  $("article-title").replaceChildren(marked(article.title || article.id, article.title_highlights));
  $("article-meta").replaceChildren(meta(article));
  // Only web addresses become links: a `javascript:` url field must not.
  if (article.url && /^https?:\/\//i.test(article.url)) {
    $("article-meta").append(" · ", el("a", { href: article.url, rel: "noopener noreferrer nofollow" }, "نشانی خبر"));
  }
  $("article-body").replaceChildren(marked(article.body, article.body_highlights));
  const matches = $("article-body").querySelectorAll("mark");
  const nav = document.querySelector("#article-nav .matches");
  nav.hidden = matches.length === 0;
  matchIndex = -1;
  showOnly("article-view");
  window.scrollTo(0, 0);
  if (matches.length) step(1);
}

/** Moves to the next (+1) or previous (-1) match in the article, wrapping around. */
function step(direction) {
  const matches = $("article-body").querySelectorAll("mark");
  if (!matches.length) return;
  if (matchIndex >= 0) matches[matchIndex].classList.remove("current");
  matchIndex = (matchIndex + direction + matches.length) % matches.length;
  const current = matches[matchIndex];
  current.classList.add("current");
  current.scrollIntoView({ block: "center" });
  $("match-position").textContent = `${count(matchIndex + 1)} از ${count(matches.length)}`;
}

// ---- wiring ----

$("search").addEventListener("submit", (event) => {
  event.preventDefault();
  const q = $("q").value.trim();
  go({ q: q, article: "" });
});

$("dates").addEventListener("submit", (event) => {
  event.preventDefault();
  go({ from: $("from").value.trim(), to: $("to").value.trim(), article: "" });
});

// On a phone the filters start folded; the toggle opens them (on a desktop it is hidden
// and the filters always show).
$("filters-toggle").addEventListener("click", () => {
  const open = $("filters").classList.toggle("open");
  $("filters-toggle").setAttribute("aria-expanded", open ? "true" : "false");
});

for (const button of document.querySelectorAll("#sort button")) {
  button.addEventListener("click", () => go({ sort: button.dataset.sort === "date" ? "date" : "" }));
}

$("home").addEventListener("click", (event) => {
  event.preventDefault();
  history.pushState(null, "", "/");
  render();
});

$("back").addEventListener("click", () => {
  if (history.state && history.state.fromResults) {
    history.back();
  } else {
    go({ article: "" }, true);
  }
});

$("next-match").addEventListener("click", () => step(1));
$("prev-match").addEventListener("click", () => step(-1));

document.addEventListener("keydown", (event) => {
  const typing = ["INPUT", "TEXTAREA"].includes(document.activeElement.tagName);
  if (event.key === "/" && !typing) {
    event.preventDefault();
    $("q").focus();
    $("q").select();
  } else if (!typing && !$("article-view").hidden && (event.key === "n" || event.key === "p")) {
    step(event.key === "n" ? 1 : -1);
  }
});

// The front page's examples are searches.
for (const example of document.querySelectorAll("#welcome code")) {
  example.setAttribute("role", "link");
  example.tabIndex = 0;
  example.addEventListener("click", () => go({ q: example.textContent }));
  example.addEventListener("keydown", (event) => { if (event.key === "Enter") go({ q: example.textContent }); });
}

window.addEventListener("popstate", render);
render();
