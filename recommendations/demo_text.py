"""Wording for synthetic data: recommendations, tier summaries and status notes.

A recommendation is a topic (a template and its details) said in one of a few wordings, so
that a recurrence chain repeats the same ask reworded from year to year, as the real reports do.
"""

import functools

from countries.tiers import Movement, Tier
from recommendations.themes import classify_themes
from recommendations.vocabulary import Pillar, Status

OPENERS = ["Increase efforts to", "Vigorously", "Continue to", "Significantly increase efforts to"]

# (pillar, ask), across the themes of recommendations/themes.py: {group}, {sector} and {body}
# are filled in from the topic number.
ASKS = [
    (Pillar.PROSECUTION, "investigate and prosecute trafficking crimes, including {sector} cases"),
    (Pillar.PROSECUTION, "convict traffickers and seek adequate penalties, including prison terms"),
    (Pillar.PROSECUTION, "investigate and prosecute officials complicit in trafficking"),
    (Pillar.PROSECUTION, "train {body} on applying the anti-trafficking law"),
    (Pillar.PROSECUTION, "amend the criminal code to criminalize all forms of sex trafficking"),
    (Pillar.PROTECTION, "proactively identify victims among {group} and refer them to care"),
    (Pillar.PROTECTION, "fund NGO shelters and services for {group}"),
    (Pillar.PROTECTION, "adopt and implement a national referral mechanism for {group}"),
    (Pillar.PROTECTION, "ensure victims are not penalized for acts traffickers compelled"),
    (Pillar.PROTECTION, "screen {group} for trafficking indicators before deportation"),
    (Pillar.PREVENTION, "adopt and fund a national action plan against trafficking"),
    (Pillar.PREVENTION, "regulate and monitor recruitment agencies in the {sector} sector"),
    (Pillar.PREVENTION, "eliminate recruitment fees charged to workers in the {sector} sector"),
    (Pillar.PREVENTION, "raise awareness of trafficking among {group}"),
    (Pillar.PARTNERSHIP, "work with source countries to protect {group} abroad"),
    (Pillar.PARTNERSHIP, "share data on trafficking cases with civil society and neighbours"),
    (Pillar.GENERAL, "collect and publish data on investigations, prosecutions and victims"),
    (Pillar.GENERAL, "allocate sufficient resources to the anti-trafficking coordinator"),
    (Pillar.PROSECUTION, "prosecute traffickers who recruit {group} online for scam operations"),
    (
        Pillar.PROSECUTION,
        "remove fines in lieu of imprisonment for trafficking crimes from the law",
    ),
    (
        Pillar.PROSECUTION,
        "end the recruitment and use of child soldiers and hold officers accountable",
    ),
    (Pillar.PROTECTION, "provide foreign victims with legal alternatives to removal"),
    (Pillar.PROTECTION, "seek restitution for victims and provide them with legal aid in court"),
    (Pillar.PROTECTION, "ensure {group} have access to long-term reintegration services"),
    (Pillar.PREVENTION, "reduce the demand for commercial sex and child sex tourism"),
    (Pillar.PREVENTION, "require supply chain due diligence of companies in the {sector} sector"),
    (Pillar.PREVENTION, "reform the sponsorship system so that {group} may change employers"),
    (Pillar.PARTNERSHIP, "cooperate with civil society and international organizations on care"),
]
GROUPS = [
    "migrant workers",
    "children in street situations",
    "domestic workers",
    "people in commercial sex",
    "refugees and asylum-seekers",
    "fishermen",
]
SECTORS = ["fishing", "construction", "agriculture", "domestic work", "garment", "mining"]
BODIES = ["police and prosecutors", "judges", "labor inspectors", "border guards"]

NOTES = {
    Status.NO_PROGRESS: ["No action reported this period.", "Government reported no steps."],
    Status.IN_PROGRESS: ["Draft measure under discussion.", "Pilot started in two provinces."],
    Status.PARTIAL: ["Adopted but not yet funded.", "Implemented in part of the country."],
    Status.IMPLEMENTED: ["Adopted, funded and in use.", "Measure in force nationwide."],
}


def recommendation_text(topic, *, wording, country):
    """The text and pillar of a topic, said in one of the wordings."""
    ask, pillar = _ask(topic, wording)
    return f"{ask} in {country}.", pillar


def recommendation_themes(topic, *, wording):
    """The rules' theme slugs of a topic said in a wording (the same for every country: the
    country's name, which the text ends with, is no theme's keyword)."""
    return _themes(*_ask(topic, wording)[:1])


@functools.lru_cache(maxsize=4096)
def _themes(ask):
    return classify_themes(ask)


def _ask(topic, wording):
    pillar, ask = ASKS[topic % len(ASKS)]
    rest = topic // len(ASKS)
    filled = ask.format(
        group=GROUPS[rest % len(GROUPS)],
        sector=SECTORS[rest % len(SECTORS)],
        body=BODIES[rest % len(BODIES)],
    )
    opener = OPENERS[wording % len(OPENERS)]
    return f"{opener} {filled}", pillar


def tier_summary(country, tier, movement):
    if tier == Tier.SPECIAL_CASE:
        return f"{country} remains a Special Case this year: conditions prevented an assessment."
    meets = "fully meets" if tier == Tier.TIER_1 else "does not fully meet"
    trend = {
        Movement.UP: "demonstrated increasing efforts compared with the previous period",
        Movement.DOWN: "did not demonstrate increasing efforts compared with the previous period",
    }.get(movement, "maintained its efforts")
    return (
        f"The Government of {country} {meets} the minimum standards for the elimination of "
        f"trafficking and {trend}. (Synthetic text.)"
    )


def status_note(status, rng):
    return rng.choice(NOTES[status])
