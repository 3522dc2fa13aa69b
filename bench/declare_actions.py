"""How many things an editor does to declare the June 2024 disruption, board to a draft in review.

The declaration: express passports unavailable nationwide; border-crossing clearance limited at
every airport and seaport with the arrive-early advice; interviews and biometrics normal; a
bilingual first notice linked to the incident, sent for review.

Each flow is a list of steps on the workspace's real element ids. An action is one click, one
choice in a drop-down, one field typed (a whole field counts once, however long the text) or
one key pressed. DECLARE is what tests/browser/test_declare_outage.py performs in Chromium, so
its count is of a flow that is checked to work end to end; FORMS is the same declaration with
the separate forms of before issue 13 (incident, then the availability form once per service
and office type, then the notice), counted from their element ids, not performed.
Target: at most 15 actions from the board to a draft in review.

Run:  .venv/bin/python -m bench.declare_actions
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

TARGET = 15
TITLE = "Gangguan Pusat Data Nasional: paspor percepatan dihentikan"


@dataclass(frozen=True)
class Step:
    kind: str  # click | select | type | key
    selector: str
    value: str = ""


DECLARE = (
    Step("click", "#b-declare"),  # on the board: "Nyatakan gangguan"
    Step("type", "#d-title_ind", TITLE),
    Step("select", "#d-add-template", "passport_express_suspended"),  # a whole line: service, nationwide, advice
    Step("select", "#d-add-template", "arrive_early_ports"),  # border crossing at every airport and seaport
    Step("click", "#d-add-line"),
    Step("select", "#d-service-2", "passport_interview_biometrics"),
    Step("select", "#d-availability-2", "normal"),
    Step("click", "#d-preview"),  # the notice is composed from the templates, in both languages
    Step("click", "#d-confirm"),  # incident + statuses + notice in review, one transaction
)

_STATUS_FORM = "/admin/status"
FORMS = (
    # 1. The incident.
    Step("click", 'nav a[href="/admin/insiden"]'),
    Step("type", "#title_ind", TITLE),
    Step("type", "#first_update_ind", "Paspor percepatan dihentikan; pemeriksaan di bandara dan pelabuhan melambat."),
    Step("click", "#open-incident"),
    # 2. Express passports, nationwide.
    Step("click", f'nav a[href="{_STATUS_FORM}"]'),
    Step("select", "#service", "passport_express"),
    Step("select", "#availability", "unavailable"),
    Step("select", "#incident_id", "the new incident"),
    Step("type", "#advice_ind", "Layanan paspor percepatan dihentikan sementara."),
    Step("type", "#advice_en", "The same-day express passport is suspended."),
    Step("click", "#preview"),
    Step("click", "#apply"),
    # 3. Border crossing at airports (the form takes one office type at a time).
    Step("select", "#service", "border_crossing"),
    Step("select", "#office_type", "tpi_airport"),
    Step("select", "#availability", "limited"),
    Step("type", "#advice_ind", "Datanglah lebih awal: sekurangnya 3 jam sebelum keberangkatan internasional."),
    Step("type", "#advice_en", "Arrive early: at least 3 hours before an international departure."),
    Step("click", "#preview"),
    Step("click", "#apply"),
    # 4. ... and at seaports (the advice stays in the form).
    Step("select", "#office_type", "tpi_seaport"),
    Step("click", "#preview"),
    Step("click", "#apply"),
    # 5. Interviews and biometrics are normal already: nothing to change, only to say in the notice.
    # 6. The notice, both languages typed from scratch.
    Step("click", 'nav a[href="/admin"]'),
    Step("click", "#new-notice"),
    Step("type", "#title_ind", TITLE),
    Step("type", "#lede_ind", "..."),
    Step("type", "#body_ind", "..."),
    Step("type", "#title_en", "..."),
    Step("type", "#lede_en", "..."),
    Step("type", "#body_en", "..."),
    Step("select", "#incident_id", "the new incident"),
    Step("click", "#save"),
    Step("click", "#submit"),
)


def count(steps: tuple[Step, ...]) -> Counter:
    return Counter(step.kind for step in steps)


def perform(page, steps: tuple[Step, ...]) -> int:
    """Do the steps in a Playwright page; returns how many actions that was."""
    for step in steps:
        target = page.locator(step.selector)
        if step.kind == "click":
            target.click()
        elif step.kind == "select":
            target.select_option(step.value)
        elif step.kind == "type":
            target.fill(step.value)
        elif step.kind == "key":
            target.press(step.value)
        else:
            raise ValueError(step.kind)
    return len(steps)


def _line(name: str, steps: tuple[Step, ...]) -> str:
    kinds = count(steps)
    detail = ", ".join(f"{kinds[k]} {k}" for k in ("click", "select", "type", "key") if kinds[k])
    return f"| {name} | {len(steps)} | {detail} |"


def main() -> None:
    print("| flow | actions | of which |")
    print("| --- | --- | --- |")
    print(_line("Nyatakan gangguan (one form, from the board)", DECLARE))
    print(_line("Separate forms (incident, availability x3, notice)", FORMS))
    verdict = "met" if len(DECLARE) <= TARGET else "NOT met"
    print(f"\nTarget: at most {TARGET} actions from the board to a draft in review: {verdict} ({len(DECLARE)}).")


if __name__ == "__main__":
    main()
