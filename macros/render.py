"""Pure render functions: data + language in, HTML or Markdown out.

Nothing here knows about MkDocs pages; `macros/__init__.py` wires these functions to
the pages. Every function takes the language ("da" or "en") explicitly.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
import string

import markdown as _markdown

from checks.catalogue import DEFAULT_LANGUAGE, check_lang, format_date
from macros.data import site_ui

_UI = site_ui()
UI = _UI["labels"]
ENV_NAMES = _UI["environments"]
CHAIN_UI = _UI["chain_table"]
SUPPORT_UI = _UI["support_table"]
SUPPORT_TOPICS = _UI["support_topics"]
JOURNEY_UI = _UI["journey"]


def t(value, lang: str) -> str:
    """The `lang` text of a {da: …, en: …} value; a plain string is the same in both."""
    check_lang(lang)
    if isinstance(value, dict):
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"missing or empty {lang!r} text in {value!r}")
        return text
    if isinstance(value, str):
        return value
    raise TypeError(f"not a text: {value!r}")


def ui(key: str, lang: str) -> str:
    return UI[key][check_lang(lang)]


def esc(text) -> str:
    """HTML-escaped text, quotes too (attribute values): the one escape of the site's macros."""
    return html.escape(str(text), quote=True)


def md_block(text: str) -> str:
    """Markdown (our own data, trusted) to block HTML on one logical block."""
    return _markdown.markdown(text.strip(), extensions=["attr_list"]).replace("\n\n", "\n")


def md_inline(text: str) -> str:
    out = md_block(text)
    m = re.fullmatch(r"<p>(.*)</p>", out, flags=re.S)
    return m.group(1) if m else out


def label(item, lang: str, cls: str = "ui-label") -> str:
    """An on-screen label: shown exactly as on screen (Danish); English adds a gloss.

    `item` is a string (the label) or {screen: …, en: …gloss…}.
    """
    check_lang(lang)
    if isinstance(item, str):
        screen, gloss = item, None
    else:
        screen, gloss = item["screen"], item.get("en")
    if lang == "da":
        return f'<span class="{cls}">{esc(screen)}</span>'
    out = f'<span class="{cls}" lang="da">{esc(screen)}</span>'
    if gloss:
        out += f' <span class="gloss">({esc(gloss)})</span>'
    return out


def _admonition(kind: str, title: str, body_html: str) -> str:
    return f'<div class="admonition {kind}"><p class="admonition-title">{esc(title)}</p>{body_html}</div>'


def render_step(step: dict, number, lang: str, slug: str | None = None, mark: str = "", route: str = "") -> str:
    """One step as an `<li>` whose heading carries the step's id (the anchor; search
    results then link to the step itself). `number` is its label: 3, or "A2" on a route;
    `mark` the step's certainty sentence (render_certainty_mark), shown under its title;
    `route` the route's marker line above the first step of a route."""
    sid = step["id"]
    title = t(step["title"], lang)
    route_attr = f' data-route="{esc(step["route"])}"' if step.get("route") else ""
    parts = [f'<li class="step"{certainty_attr(step)}{route_attr}>']
    if route:
        parts.append(route)
    parts.append(
        f'<h3 class="step__title" id="{esc(sid)}">'
        f'<span class="step__number" data-number="{number}" aria-hidden="true"></span>'
        f'<span class="visually-hidden">{esc(ui("step", lang))} {number}: </span>'
        f"{md_inline(title)}</h3>"
    )
    parts.append(
        '<p class="step__tools">'
        f'<a class="step__permalink" href="#{esc(sid)}">{esc(ui("permalink", lang))} {number}</a> '
        f'<button type="button" class="copy-link" hidden data-anchor="{esc(sid)}"'
        + (f' data-slug="{esc(slug)}"' if slug else "")
        + f' data-copied="{esc(ui("copied", lang))}">{esc(ui("copy", lang))}'
        f'<span class="visually-hidden"> ({esc(ui("step", lang).lower())} {number})</span></button>'
        "</p>"
    )
    if mark:
        parts.append(mark)
    if step.get("where"):
        crumbs = ' <span aria-hidden="true">›</span> '.join(label(w, lang) for w in step["where"])
        parts.append(f'<p class="step__where"><span class="step__key">{esc(ui("where", lang))}:</span> {crumbs}</p>')
    if step.get("action"):
        parts.append(f'<div class="step__action">{md_block(t(step["action"], lang))}</div>')
    for command in step.get("commands", []):
        parts.append(render_command(command) + render_copy_button(lang))
    for snippet in step.get("snippets", []):
        parts.append(render_snippet(snippet, lang) + render_copy_button(lang))
    if step.get("fields"):
        rows = []
        heads = [esc(ui(k, lang)) for k in ("field", "enter", "required")]
        for f in step["fields"]:
            req = ui("yes", lang) if f.get("required") else ui("no", lang)
            # data-label: the column's name, shown above each cell where the table stacks (phone)
            rows.append(
                f'<tr><td data-label="{heads[0]}">{label(f["label"], lang)}</td>'
                f'<td data-label="{heads[1]}">{md_inline(t(f["enter"], lang))}</td>'
                f'<td data-label="{heads[2]}">{esc(req)}</td></tr>'
            )
        parts.append(
            '<table class="step__fields">'
            f"<caption>{esc(ui('fields', lang))}</caption>"
            f'<thead><tr><th scope="col">{esc(ui("field", lang))}</th>'
            f'<th scope="col">{esc(ui("enter", lang))}</th>'
            f'<th scope="col">{esc(ui("required", lang))}</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    if step.get("rules"):
        rules = step["rules"]
        items = "".join(f"<li>{md_inline(t(r, lang))}</li>" for r in rules["items"])
        parts.append(
            f'<div class="step__rules"><p class="step__key">{md_inline(t(rules["title"], lang))}</p>'
            f"<ol>{items}</ol></div>"
        )
    if step.get("buttons"):
        items = "".join(
            f"<li>{label(b, lang, 'ui-button')}"
            + (
                f' <span class="button-note">{md_inline(t(b["note"], lang))}</span>'
                if isinstance(b, dict) and b.get("note")
                else ""
            )
            + "</li>"
            for b in step["buttons"]
        )
        parts.append(
            f'<div class="step__buttons"><p class="step__key">{esc(ui("buttons", lang))}:</p><ol>{items}</ol></div>'
        )
    # A note is information; a warning only where something can be lost or put at risk.
    for note in step.get("warnings", []):
        parts.append(_admonition("warning", ui("caution", lang), md_block(t(note, lang))))
    for note in step.get("notes", []):
        parts.append(_admonition("note", ui("note", lang), md_block(t(note, lang))))
    if step.get("result"):
        parts.append(_admonition("success", ui("result", lang), md_block(t(step["result"], lang))))
    parts.append("</li>")
    return "\n".join(parts)


def render_command(command: str) -> str:
    """A shell command as a bare <pre> (Material decorates every `pre > code` with a <nav>,
    and several such navs on one page break axe's landmark-unique rule). Each word is a
    span that flows.css keeps whole, so that a command wrapped on a phone breaks only
    between words, never after the "-" of an option; the copied text is unchanged."""
    words = " ".join(f'<span class="word">{esc(w)}</span>' for w in command.split(" "))
    return f'<pre class="step__command">{words}</pre>'


def render_copy_button(lang: str) -> str:
    """A copy button for the code box just before it, `hidden` until assets/site.js
    shows it (it copies the box's text unchanged)."""
    return (
        f'<p class="step__copy"><button type="button" class="copy-code" hidden '
        f'data-copied="{esc(ui("copied", lang))}">{esc(ui("copy_command", lang))}</button></p>'
    )


def render_snippet(snippet: dict, lang: str) -> str:
    """A program as a code box, under the file name it is meant to be saved as."""
    check_lang(lang)
    name = snippet.get("file", "")
    head = (
        (f'<p class="step__file"><span class="step__key">{esc(ui("file", lang))}:</span> <code>{esc(name)}</code></p>')
        if name
        else ""
    )
    return (
        head + f'<pre class="step__snippet" data-language="{esc(snippet["language"])}">'
        f"{esc(snippet['code'].rstrip())}</pre>"
    )


def step_labels(flow: dict) -> list[str]:
    """The shown number of each step: the main steps 1, 2, 3 …; a step on a route (one of
    the alternatives A, B, …) reads "A", or "A1", "A2" … when its route has several, and is
    not counted: alternatives, not consecutive steps (issue 15, review n20)."""
    steps = flow["steps"]
    routes = [s.get("route") for s in steps]
    out, main = [], 0
    for i, route in enumerate(routes):
        if not route:
            main += 1
            out.append(str(main))
            continue
        run = [j for j, r in enumerate(routes) if r == route]
        if run != list(range(run[0], run[-1] + 1)):
            raise ValueError(f"flow {flow['id']!r}: the steps of route {route} are not together")
        out.append(route if len(run) == 1 else f"{route}{i - run[0] + 1}")
    return out


def render_route_marker(flow: dict, route: str, lang: str) -> str:
    """The line above a route's first step: "Vej B af 4: Windows"."""
    routes = flow.get("routes") or {}
    if route not in routes:
        raise KeyError(f"flow {flow['id']!r}: route {route!r} is not in its `routes`")
    text = ui("route", lang).format(route=route, count=len(routes), name=t(routes[route], lang))
    return f'<p class="step__route">{esc(text)}</p>'


def slug_for_anchor(slugs: list[dict], page: str, anchor: str) -> str | None:
    for s in slugs:
        if s["page"] == page and s.get("anchor") == anchor:
            return s["slug"]
    return None


def render_steps(
    flow: dict, lang: str, slugs: list[dict] = (), words: dict | None = None, here: str | None = None
) -> str:
    """A flow as a numbered step-by-step: `<ol class="steps">` of `<li>`, each with an
    `<h3 id=step-id>`. With `words` (flow-words.yml), each step marked `inference` or
    `original-guide` says so, linked to its entry on /oces3/#unknowns (from `here`)."""
    check_lang(lang)
    page = flow.get("page", "")
    labels = step_labels(flow)
    items = []
    for i, step in enumerate(flow["steps"]):
        first = step.get("route") and (i == 0 or flow["steps"][i - 1].get("route") != step["route"])
        marker = render_route_marker(flow, step["route"], lang) if first else ""
        mark = (
            render_certainty_mark(
                step, words, lang, unknowns_href(here, lang, flow["id"], step["id"]) if here is not None else None
            )
            if words
            else ""
        )
        items.append(render_step(step, labels[i], lang, slug_for_anchor(list(slugs), page, step["id"]), mark, marker))
    return f'<ol class="steps" data-flow="{esc(flow["id"])}">\n' + "\n".join(items) + "\n</ol>"


def _iso_date(value) -> _dt.date:
    """A date from data: YAML gives a `date` for an ISO date; a string is parsed."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        return _dt.date.fromisoformat(value)
    raise ValueError(f"not an ISO date: {value!r}")


def render_reviewed(flow: dict, words: dict, lang: str) -> str:
    """The flow's review date as a line: "Sidst gennemgået 1. december 2026"."""
    check_lang(lang)
    if not flow.get("reviewed"):
        raise ValueError(f"flow {flow.get('id')!r} has no reviewed date")
    day = _iso_date(flow["reviewed"])
    when = f'<time datetime="{day.isoformat()}">{esc(format_date(day, lang))}</time>'
    return f'<p class="reviewed">{t(words["reviewed"], lang).format(date=when)}</p>'


def render_price(price: dict, words: dict, lang: str) -> str:
    """A price from facts.yml (DKK excluding VAT) with its source and the day it was read."""
    check_lang(lang)
    b = words["before_you_start"]
    amount = price["amount"]
    if amount == 0:
        out = esc(t(b["free"], lang))
    else:
        shown = f"{amount:g}"
        money = f"{shown.replace('.', ',')} kr." if lang == "da" else f"DKK {shown}"
        out = f"{esc(money)} {esc(t(b['excl_vat'], lang))}"
        if price.get("per"):
            out += f" {esc(t(price['per'], lang))}"
    if price.get("source"):
        link = f'<a href="{esc(price["source"])}">{esc(t(price["source_name"], lang))}</a>'
        seen = esc(format_date(_iso_date(price["seen"]), lang))
        out += f" ({t(b['seen'], lang).format(source=link, date=seen)})"
    out += "."
    if price.get("note"):
        out += f" {md_inline(t(price['note'], lang))}"
    return out


def render_before(flow: dict, words: dict, prices: dict, lang: str) -> str:
    """GOV.UK's "before you start": who can do it, what you need, what it costs and about
    how long it takes, from the flow's `before`. Markdown: an `##` heading (anchor
    `before-you-start`, in the page's table of contents) and a definition list."""
    check_lang(lang)
    before = flow.get("before")
    if not before:
        raise ValueError(f"flow {flow.get('id')!r} has no before-you-start block")
    b = words["before_you_start"]
    cost = before["cost"]
    if cost["price"] not in prices:
        raise KeyError(f"flow {flow['id']!r}: no price {cost['price']!r} in facts.yml")
    cost_html = render_price(prices[cost["price"]], words, lang)
    if cost.get("note"):
        cost_html += f" {md_inline(t(cost['note'], lang))}"
    need = "".join(f"<li>{md_inline(t(n, lang))}</li>" for n in before["need"])
    rows = [
        ("who", md_inline(t(before["who"], lang))),
        ("need", f"<ul>{need}</ul>"),
        ("cost", cost_html),
        ("time", md_inline(t(before["time"], lang))),
    ]
    items = "".join(f"<dt>{esc(t(b[key], lang))}</dt><dd>{value}</dd>" for key, value in rows)
    return (
        f"## {t(b['title'], lang)} {{ #before-you-start }}\n\n"
        f'<dl class="before-you-start" data-flow="{esc(flow["id"])}">{items}</dl>\n'
    )


# ---------------------------------------------------------------- findings page


def placeholders_to_html(text: str, values: dict | None = None) -> str:
    """Escapes `text` and shows each {placeholder} as <var>…</var>: its example value from
    `values` when there is one (so the sentence reads naturally), else its name."""
    out = []
    for literal, name, _spec, _conv in string.Formatter().parse(text):
        out.append(esc(literal))
        if name:
            shown = (values or {}).get(name) or name
            out.append(f"<var>{esc(shown)}</var>")
    return "".join(out)


def finding_anchor(code: str) -> str:
    """The anchor of a finding's section: the code itself (dots are valid in HTML ids)."""
    if not re.fullmatch(r"[a-z0-9]+(?:[.-][a-z0-9]+)*", code):
        raise ValueError(f"unexpected finding code {code!r}")
    return code


def render_findings(catalogue: dict, lang: str) -> str:
    """Markdown: one `##` section per cause (the finding's `cause`, in the report's order of
    checks/data/causes.toml), one `###` per code, anchored by the code; placeholders show the
    catalogue's example values."""
    from checks.catalogue import causes, example_values, guide  # noqa: PLC0415

    check_lang(lang)
    by_cause: dict[str, list[str]] = {c["id"]: [] for c in causes()}
    for code, e in catalogue.items():
        if e.get("cause") not in by_cause:
            raise ValueError(f"finding {code!r}: cause {e.get('cause')!r} is not one of {list(by_cause)}")
        by_cause[e["cause"]].append(code)
    titles = {c["id"]: c for c in causes()}
    out = []
    for cause, codes in by_cause.items():
        if not codes:
            continue
        out.append(f"## {t(titles[cause], lang)} {{ #{cause} }}\n")
        for code in sorted(codes):
            e = catalogue[code]
            texts = e[lang]
            examples = example_values(e, lang)  # the same example values as checks.catalogue.example()
            how = guide(code, lang)
            out.append(f"### `{code}` {{ #{finding_anchor(code)} }}\n")
            out.append(
                f'<dl class="finding" data-code="{esc(code)}">'
                f'<dt>{esc(ui("severity", lang))}</dt><dd><span class="severity severity--{esc(e["severity"])}">'
                f"{esc(ui(e['severity'], lang))}</span></dd>"
                f"<dt>{esc(ui('message', lang))}</dt><dd>{placeholders_to_html(texts['message'], examples)}</dd>"
                f"<dt>{esc(ui('todo', lang))}</dt><dd>{placeholders_to_html(texts['hint'], examples)}</dd>"
                + (
                    f'<dt>{esc(ui("guide", lang))}</dt><dd><a href="../{esc(how["page"])}">{esc(how["title"])}</a></dd>'
                    if how
                    else ""
                )
                + "</dl>\n"
            )
    return "\n".join(out)


# ---------------------------------------------------------------- trust and policy


def oces2_last_day(policy: dict) -> _dt.date:
    """The last day OCES2 is accepted: the day before `oces2_retired_from`, local time."""
    cut = policy["oces2_retired_from"]
    if isinstance(cut, str):
        cut = _dt.datetime.fromisoformat(cut)
    if isinstance(cut, _dt.datetime):
        cut = cut.date()
    return cut - _dt.timedelta(days=1)


def oces2_cutoff(policy: dict, lang: str) -> str:
    return format_date(oces2_last_day(policy), lang)


def chain_rows(trust: dict, policy: dict, generation: str | None = None) -> list[dict]:
    """One row per issuing CA: generation, environment, root name, issuing name, status."""
    anchors = trust["anchor"]
    roots = {(a["generation"], a["environment"]): a for a in anchors if a["role"] == "root"}
    listed = policy.get("listed_test_issuers", {})
    rows = []
    for a in anchors:
        if a["role"] != "issuing" or (generation and a["generation"] != generation):
            continue
        root = roots.get((a["generation"], a["environment"]))
        gen_listed = listed.get(a["generation"])
        if a["environment"] == "test" and gen_listed is not None:
            status = "listed" if a["id"] in gen_listed else "unlisted"
        else:
            status = "accepted"
        rows.append(
            {
                "generation": a["generation"],
                "environment": a["environment"],
                "root": root["name"] if root else "",
                "issuing": a["name"],
                "status": status,
            }
        )
    order = {"oces3": 0, "oces2": 1}
    rows.sort(
        key=lambda r: (order.get(r["generation"], 9), r["environment"] != "test", r["status"] != "listed", r["issuing"])
    )
    return rows


def _chain_table(rows: list[dict], policy: dict, lang: str) -> str:
    out = []
    for r in rows:
        status = CHAIN_UI[r["status"]][lang]
        if r["status"] == "unlisted":
            status += " <code>policy.unlisted-test-ca</code>"
        if r["generation"] == "oces2":
            retired = CHAIN_UI["retired"][lang].format(date=esc(oces2_cutoff(policy, lang)))
            status = f"<strong>{retired}</strong> {status[0].lower()}{status[1:]}"
        out.append(
            f"<tr><td>{esc(r['generation'].upper())}</td><td>{esc(ENV_NAMES[r['environment']][lang])}</td>"
            f"<td>{esc(r['root'])}</td><td>{esc(r['issuing'])}</td><td>{status}</td></tr>"
        )
    head = "".join(
        f'<th scope="col">{esc(CHAIN_UI[k][lang])}</th>'
        for k in ("generation", "environment", "root", "issuing", "status")
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>" + "".join(out) + "</tbody></table>"


def render_accepted_chains(trust: dict, policy: dict, lang: str, generation: str | None = None) -> str:
    """HTML tables of the chains Integrationsplatformen accepts, from trust + policy data:
    today's (OCES3) first; the retired OCES2 rows folded away in a <details>."""
    check_lang(lang)
    rows = chain_rows(trust, policy, generation)
    today = [r for r in rows if r["generation"] != "oces2"]
    history = [r for r in rows if r["generation"] == "oces2"]
    out = _chain_table(today, policy, lang) if today else ""
    if history:
        summary = CHAIN_UI["history"][lang].format(date=esc(oces2_cutoff(policy, lang)), count=len(history))
        out += (
            f'<details class="chains-history"><summary>{summary}</summary>'
            + _chain_table(history, policy, lang)
            + "</details>"
        )
    return out


def accepted_kinds(policy: dict, words: dict, lang: str) -> list[str]:
    """The accepted kinds per generation, as names in `lang` (from words.toml)."""
    out = []
    for kinds in policy["accepted_kinds"].values():
        for k in kinds:
            out.append(words["kind"][k][lang])
    return out


# ---------------------------------------------------------------- prices


def render_prices(prices: dict, lang: str) -> str:
    """The prices the source showed, once, as data with its caveat."""
    check_lang(lang)
    head = "".join(f'<th scope="col">{esc(t(h, lang))}</th>' for h in prices["columns"])
    rows = []
    for obs in prices["observations"]:
        cells = [esc(t(obs["where"], lang))] + [esc(_kr(v, lang)) for v in obs["values"]]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (
        f"<table><caption>{esc(t(prices['caption'], lang))}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _kr(value, lang: str) -> str:
    if value is None:
        return "–"
    if lang == "da":
        return f"{value:.2f}".replace(".", ",") + " kr."
    return f"DKK {value:.2f}"


# ---------------------------------------------------------------- support links


def go_path(slug: str, lang: str) -> str:
    """Site-root-relative path of a support link, e.g. `go/x/` or `en/go/x/`."""
    return ("" if check_lang(lang) == DEFAULT_LANGUAGE else f"{lang}/") + f"go/{slug}/"


def page_url(page: str) -> str:
    """The URL path (site-root-relative, no language prefix) of a docs page source path."""
    if page == "index.md":
        return ""
    if page.endswith("/index.md"):
        return page[: -len("index.md")]
    return page[: -len(".md")] + "/"


def relative(from_url: str, to_path: str) -> str:
    """A relative link from the page at URL path `from_url` to the site path `to_path`."""
    depth = len([p for p in from_url.strip("/").split("/") if p])
    return "../" * depth + to_path if depth else (to_path or "./")


def _support_row(s: dict, lang: str, here: str) -> str:
    other = "en" if lang == "da" else "da"
    link = go_path(s["slug"], lang)
    target = s["page"] + (f"#{s['anchor']}" if s.get("anchor") else "")
    shown = (
        ("" if lang == DEFAULT_LANGUAGE else f"{lang}/")
        + page_url(s["page"])
        + (f"#{s['anchor']}" if s.get("anchor") else "")
    )
    buttons = " ".join(
        f'<button type="button" class="copy-link" hidden data-slug="{esc(s["slug"])}" data-lang="{language}" '
        f'data-copied="{esc(ui("copied", lang))}">{esc(ui("copy", lang))}'
        f'<span class="visually-hidden"> {esc(s["slug"])}</span> ({SUPPORT_UI["language_" + language][lang]})</button>'
        for language in (lang, other)
    )
    cell = f'<a href="{esc(relative(here, link))}"><code>/{esc(link)}</code></a> {buttons}'
    if s.get("finding"):
        from checks.catalogue import catalogue, example_values  # noqa: PLC0415

        examples = example_values(catalogue().get(s["finding"], {}), lang)  # as on the findings page
        desc = f"<code>{esc(s['finding'])}</code>: {placeholders_to_html(t(s['description'], lang), examples)}"
    else:
        desc = t(s["description"], lang)
    return f"| {cell} | [`/{shown}`]({target}) | {desc} |"


def support_groups(slugs: list[dict]) -> list[tuple[str, list[dict]]]:
    """The slugs by `topic`, in the order of ui.yml's support_topics; a slug without a
    known topic is an error (it would vanish from the page)."""
    groups: dict[str, list[dict]] = {topic: [] for topic in SUPPORT_TOPICS}
    for s in slugs:
        if s.get("topic") not in groups:
            raise ValueError(f"slug {s['slug']!r}: topic {s.get('topic')!r} is not one of {list(groups)}")
        groups[s["topic"]].append(s)
    return [(topic, items) for topic, items in groups.items() if items]


def render_support_table(slugs: list[dict], lang: str, here: str) -> str:
    """Markdown: one `###` section per topic (anchor `topic-<topic>`), each a table of its
    slugs: the link (with copy buttons for both languages), its target (a Markdown link
    MkDocs validates) and its description. Above them a filter box, `hidden` until
    assets/site.js shows it (without JavaScript every link shows).
    `here` is the URL path of the page the table sits on (e.g. `en/support/`)."""
    check_lang(lang)
    head = "| " + " | ".join(SUPPORT_UI[k][lang] for k in ("link", "target", "description")) + " |"
    out = [
        '<div class="support-links" data-support-links markdown>',
        f'<p class="support-filter" hidden><label for="support-filter">{esc(SUPPORT_UI["filter"][lang])}</label> '
        f'<input type="search" id="support-filter" autocomplete="off" aria-describedby="support-filter-hint"> '
        f'<span id="support-filter-hint" class="support-filter__hint">{esc(SUPPORT_UI["filter_hint"][lang])}</span> '
        f'<span class="support-filter__count" role="status" aria-live="polite" '
        f'data-shown="{esc(SUPPORT_UI["shown"][lang])}"></span></p>',
        "",
    ]
    for topic, items in support_groups(slugs):
        out.append(f"### {t(SUPPORT_TOPICS[topic], lang)} {{ #topic-{topic} }}\n")
        out.append(head)
        out.append("|---|---|---|")
        out.extend(_support_row(s, lang, here) for s in items)
        out.append("")
    out.append("</div>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- the journey


def render_journey(tasks: list[dict], lang: str, here: str) -> str:
    """The journey as an ordered list of links, one `<li id=task-id>` per task. The tick
    boxes, the progress line and the reset button are there but `hidden`: only
    assets/journey.js shows them, so without JavaScript it is a plain list of links.
    `here` is the URL path of the page it sits on (for relative links)."""
    check_lang(lang)
    ui_ = {k: v[lang] for k, v in JOURNEY_UI.items()}
    prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    items = []
    for task in tasks:
        tid, title = task["id"], t(task["title"], lang)
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", tid):
            raise ValueError(f"journey task id {tid!r}: lowercase words joined by hyphens")
        href = relative(here, prefix + page_url(task["page"])) + (f"#{task['anchor']}" if task.get("anchor") else "")
        items.append(
            f'<li class="journey__task" id="{esc(tid)}">'
            f'<p class="journey__title"><a href="{esc(href)}">{esc(title)}</a></p>'
            f'<p class="journey__text">{md_inline(t(task["text"], lang))}</p>'
            f'<p class="journey__tick" hidden><input type="checkbox" id="tick-{esc(tid)}" data-task="{esc(tid)}">'
            f' <label for="tick-{esc(tid)}">{esc(ui_["done"])}<span class="visually-hidden">: {esc(title)}</span></label></p>'
            "</li>"
        )
    ids = [task["id"] for task in tasks]
    if len(ids) != len(set(ids)):
        raise ValueError("journey: a task id is listed twice")
    return (
        f'<div class="journey" data-widget="journey" data-progress="{esc(ui_["progress"])}">'
        f'<ol class="journey__tasks">{"".join(items)}</ol>'
        f'<div class="journey__controls" hidden><p class="journey__progress" role="status" aria-live="polite"></p>'
        f'<p>{esc(ui_["stored"])} <button type="button" class="journey__reset" data-action="reset">{esc(ui_["reset"])}</button></p></div>'
        f'<script src="{esc(relative(here, "assets/journey.js"))}" defer></script>'
        "</div>"
    )


# ---------------------------------------------------------------- sources and certainty

CERTAINTIES = ("confirmed", "vendor-only", "original-guide", "inference")
# The certainties a page marks in words on the step itself and lists on /oces3/#unknowns.
MARKED_CERTAINTIES = ("original-guide", "inference")
UNKNOWNS_PAGE = "oces3/"
UNKNOWNS_ANCHOR = "unknowns"


def unknown_anchor(flow_id: str, step_id: str) -> str:
    """The id of a step's entry in the "what this guide cannot know" list."""
    return f"unknown-{flow_id}-{step_id}"


def unknowns_href(here: str, lang: str, flow_id: str, step_id: str) -> str:
    prefix = "" if check_lang(lang) == DEFAULT_LANGUAGE else f"{lang}/"
    return relative(here, prefix + UNKNOWNS_PAGE) + "#" + unknown_anchor(flow_id, step_id)


def certainty_attr(step: dict) -> str:
    """The step element's `data-certainty` attribute (empty when the step names none)."""
    c = step.get("certainty")
    if c is None:
        return ""
    if c not in CERTAINTIES:
        raise ValueError(f"step {step.get('id')!r}: certainty {c!r} is not one of {CERTAINTIES}")
    return f' data-certainty="{esc(c)}"'


def render_certainty_mark(step: dict, words: dict, lang: str, href: str | None) -> str:
    """A marked step's sentence, in words (not colour alone), with a link to its entry
    under "what this guide cannot know"; empty for a confirmed or vendor-only step."""
    c = step.get("certainty")
    if c not in MARKED_CERTAINTIES:
        return ""
    w = words["certainty"]
    link = f' <a href="{esc(href)}">{esc(t(w["unknowns_link"], lang))}</a>' if href else ""
    return (
        f'<p class="step__certainty step__certainty--{esc(c)}">'
        f'<span class="step__certainty-label">{esc(t(w["mark_label"], lang))}</span> {esc(t(w[c], lang))}{link}</p>'
    )


def flow_source_ids(flow: dict) -> list[str]:
    """Every source id the flow's steps name, in the order they first appear."""
    seen: list[str] = []
    for step in flow["steps"]:
        for sid in step.get("sources", []):
            if sid not in seen:
                seen.append(sid)
    return seen


def render_source_item(source: dict, words: dict, lang: str) -> str:
    w = words["sources"]
    read = esc(t(w["read"], lang).format(date=format_date(_iso_date(source["read"]), lang)))
    kind = esc(t(w["kind"][source["kind"]], lang))
    if source["kind"] == "local-test":
        # A local test has no public address to link; its title ({da, en}: it is ours) says what was run.
        title = t(source["title"], lang) if isinstance(source["title"], dict) else source["title"]
        return f'<li data-source="{esc(source["id"])}">{esc(title)} ({kind}, {read})</li>'
    return (
        f'<li data-source="{esc(source["id"])}"><a href="{esc(source["address"])}">{esc(source["title"])}</a>, '
        f"{esc(source['publisher'])} ({kind}, {read})</li>"
    )


def render_flow_sources(flow: dict, sources: dict, words: dict, lang: str) -> str:
    """Markdown: the flow's "Kilder" / "Sources" section (anchor `sources`): a list of
    the sources its steps name, each linked, with its kind and the day it was read."""
    check_lang(lang)
    w = words["sources"]
    items = []
    for sid in flow_source_ids(flow):
        if sid not in sources:
            raise KeyError(f"flow {flow['id']!r}: unknown source {sid!r}")
        items.append(render_source_item(sources[sid], words, lang))
    return (
        f"## {t(w['title'], lang)} {{ #sources }}\n\n"
        f'<div class="flow-sources" data-flow="{esc(flow["id"])}"><p>{esc(t(w["intro"], lang))}</p>'
        f"<ul>{''.join(items)}</ul></div>\n"
    )


def render_unknowns(flows: list[tuple[dict, str]], words: dict, lang: str, here: str) -> str:
    """HTML: every marked step of the given flows, one `<li id=unknown-flow-step>` each,
    linking back to the step, with what is not known and what to ask. `flows` is a list
    of (flow, page) with page the docs page the flow is on."""
    check_lang(lang)
    prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    items = []
    for flow, page in flows:
        for step in flow["steps"]:
            c = step.get("certainty")
            if c not in MARKED_CERTAINTIES:
                continue
            href = relative(here, prefix + page_url(page)) + "#" + step["id"]
            what = md_inline(t(step["unknown"], lang))
            items.append(
                f'<li id="{esc(unknown_anchor(flow["id"], step["id"]))}" data-certainty="{esc(c)}">'
                f'<a href="{esc(href)}">{md_inline(t(step["title"], lang))}</a> '
                f"<em>({esc(t(words['certainty'][c], lang).split(':')[0])})</em>: {what}</li>"
            )
    return f'<ul class="unknowns">{"".join(items)}</ul>'
