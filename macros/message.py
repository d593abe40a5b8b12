"""The example registration message, written by the checker's own message builder
(`checks.message.build_message`) from placeholder data in docs/_data/facts.yml, so the
format on the page is the format the builder produces."""

from __future__ import annotations

from macros import data
from macros.render import check_lang, esc


def example_reports(generation: str, example: dict) -> dict:
    """Minimal check reports (the JSON contract's shape) for the two environments."""
    if generation not in ("oces2", "oces3"):
        raise ValueError(f"unknown generation {generation!r}")
    out = {}
    for env in ("test", "prod"):
        cert = {
            "generation": generation,
            "kind": "function" if generation == "oces2" else "organisation",
            "cvr": example["cvr"],
            "fid": example["fid"] if generation == "oces2" else None,
            "uuid": example["uuid"] if generation == "oces3" else None,
        }
        out[env] = {
            "certificate": cert,
            "environments": {e: {"accepted": e == env} for e in ("test", "prod")},
            "findings": [],
        }
    return out


def example_text(generation: str, example: dict) -> str:
    from checks.message import build_message  # noqa: PLC0415  only the pages with an example message need checks

    reports = example_reports(generation, example)
    # The placeholders ("<systemets wsBrugerId til test>") hold spaces, which a real wsBrugerId
    # may not: the builder gets one-word stand-ins, put back into its text afterwards.
    stand_ins = {env: f"wsBrugerId-{env}-placeholder" for env in ("test", "prod")}
    result = build_message(
        test=(reports["test"], stand_ins["test"]), prod=(reports["prod"], stand_ins["prod"]), lang="da"
    )
    if not result["ok"]:
        raise RuntimeError(f"the message builder refused the example: {result['findings']}")
    text = result["text"]
    for env, stand_in in stand_ins.items():
        text = text.replace(stand_in, example[f"ws_{env}"])
    return text


def render_example(generation: str, lang: str) -> str:
    check_lang(lang)
    text = example_text(generation, data.facts()["message_example"])
    return f'<pre class="message" lang="da"><code>{esc(text.rstrip())}</code></pre>'
