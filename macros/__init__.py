"""The mkdocs-macros module: wires the pure render functions in `macros.render` to the
pages. Each macro reads the page language from the build's theme config (mkdocs-static-i18n
sets it per language build) and passes it on explicitly."""

from __future__ import annotations

from macros import data, flowdata, message, render, widgets


def _lang(env) -> str:
    return env.conf["theme"]["language"]


def define_env(env):
    @env.macro
    def steps(flow_id: str) -> str:
        """The numbered steps of one flow (docs/_data/steps/<flow_id>.yml)."""

        return render.render_steps(data.flow(flow_id), _lang(env), data.slugs(), flowdata.words(), env.page.url)

    @env.macro
    def flow_sources(flow_id: str) -> str:
        """The flow's "Kilder" / "Sources" section: every source its steps name."""

        return render.render_flow_sources(data.flow(flow_id), flowdata.sources(), flowdata.words(), _lang(env))

    @env.macro
    def unknowns() -> str:
        """Every step marked inference or original-guide, for /oces3/#unknowns."""

        flows = [(f, f["page"]) for f in map(data.flow, flowdata.UNKNOWNS_FLOWS)]
        return render.render_unknowns(flows, flowdata.words(), _lang(env), env.page.url)

    @env.macro
    def flow_text(flow_id: str, key: str) -> str:
        """A text field (e.g. `intro`) of a flow, in the page language."""
        return render.t(data.flow(flow_id)[key], _lang(env))

    @env.macro
    def findings_sections() -> str:
        return render.render_findings(data.checks_data("findings"), _lang(env))

    @env.macro
    def finding_codes() -> list:
        return list(data.checks_data("findings"))

    @env.macro
    def accepted_chains(generation: str | None = None) -> str:
        return render.render_accepted_chains(
            data.checks_data("trust"), data.checks_data("policy"), _lang(env), generation
        )

    @env.macro
    def oces2_cutoff() -> str:
        """The last day OCES2 is accepted, e.g. "31. oktober 2023" (from policy.toml)."""
        return render.oces2_cutoff(data.checks_data("policy"), _lang(env))

    @env.macro
    def accepted_kinds() -> str:
        kinds = render.accepted_kinds(data.checks_data("policy"), data.checks_data("words"), _lang(env))
        return (" og " if _lang(env) == "da" else " and ").join(kinds)

    @env.macro
    def prices() -> str:
        return render.render_prices(data.facts()["prices"], _lang(env))

    @env.macro
    def fact(key: str) -> str:
        return render.t(data.facts()["texts"][key], _lang(env))

    @env.macro
    def support_table() -> str:
        return render.render_support_table(data.slugs(), _lang(env), env.page.url)

    @env.macro
    def journey() -> str:
        """The journey checklist (docs/_data/journey.yml); its script is assets/journey.js."""
        return render.render_journey(data.journey(), _lang(env), env.page.url)

    @env.macro
    def example_message(generation: str = "oces2") -> str:
        return message.render_example(generation, _lang(env))

    widgets.register(env)

    @env.macro
    def before_you_start(flow_id: str) -> str:
        """The flow's "before you start" block (who, what you need, cost, time)."""

        return render.render_before(data.flow(flow_id), flowdata.words(), data.facts()["oces3_prices"], _lang(env))

    @env.macro
    def page_reviewed(page_id: str) -> str:
        """A fact page's review date (docs/_data/reviewed.yml), as a flow's is shown."""

        day = data.reviewed_pages()[page_id]
        return render.render_reviewed({"id": page_id, "reviewed": day}, flowdata.words(), _lang(env))

    @env.macro
    def reviewed(flow_id: str) -> str:
        """The flow's review date: "Sidst gennemgået …" / "Last reviewed …"."""

        return render.render_reviewed(data.flow(flow_id), flowdata.words(), _lang(env))
