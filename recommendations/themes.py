"""The themes of a recommendation, from clear rules over its wording (DESIGN.md, "Themes of the
asks").

Each theme has patterns taken from its "what belongs" column: a recommendation has every theme
one of whose patterns it contains, so it may have several themes or none ("no theme" is an
answer, never forced into one). A theme may also name phrases that do not count for it
(`unless`): "victims are not prosecuted" asks for non-punishment, not for prosecutions, and
"NGO shelters" asks for services, not for cooperation with NGOs. A pattern's match inside such
a phrase is ignored.

Pure: no models. Applied when a chapter is imported, when demo data is generated and by
`manage.py apply_theme_rules`; an admin's correction of a recommendation's themes is kept over
the rules (recommendations/services/themes.py). Measured against hand-labelled real
recommendations by bench/themes.py (tests/fixtures/themes/labelled.csv).
"""

import re
from dataclasses import dataclass

# DESIGN.md's table, in its order: (slug, label). Migration 0010 made the Theme rows.
THEMES = [
    ("law", "Law and penalties"),
    ("prosecution", "Investigations and prosecutions"),
    ("complicity", "Official complicity"),
    ("identification", "Identifying victims"),
    ("non_punishment", "Non-punishment"),
    ("services", "Shelter and services"),
    ("foreign_victims", "Foreign victims"),
    ("victims_in_justice", "Victims in the justice process"),
    ("migration", "Recruitment and migrant workers"),
    ("forced_labor", "Forced labour and supply chains"),
    ("children", "Children"),
    ("commercial_sex", "Commercial sex and sex tourism"),
    ("technology", "Online and scam operations"),
    ("coordination", "Plans, coordination and funding"),
    ("data", "Data and reporting"),
    ("training", "Training of officials"),
    ("awareness", "Awareness and prevention"),
    ("cooperation", "Cooperation"),
]
THEME_SLUGS = [slug for slug, _ in THEMES]
THEME_LABELS = dict(THEMES)

# "not penalized", "not be inappropriately penalized", "not arrested, detained or prosecuted".
_NOT_PUNISHED = (
    r"not (?:be )?(?:\w+ly )?(?:(?:arrested|detained|fined|deported|jailed|charged)"
    r"(?:,? (?:or )?)?)*(?:penali[sz]ed|punished|arrested|detained|fined|prosecuted|jailed|"
    r"charged)"
)

# What a data-collection ask is about ("collect data on investigations and victims identified")
# is not itself asked for: its words count for no other theme.
_DATA_ON = r"(?:data|statistic\w*)\b[^.;]*"


@dataclass(frozen=True)
class Rule:
    patterns: list
    unless: tuple = ()


RULES = {
    "law": Rule(
        [
            # adopt or amend a law: the verb, then the law within the same clause
            r"(?:enact|adopt|amend|pass|draft|revis|finali[sz]|introduc)\w*\b[^.;]{0,80}?"
            r"\b(?:laws?|legislation|act|code|statutes?|provisions|regulations)\b",
            r"criminali[sz]\w*",
            r"in lieu of (?:imprisonment|prison)",
            r"(?:remov|eliminat)\w* (?:\w+ ){0,2}requirement",
            r"without requiring",
            r"force, fraud,? (?:or|and) coercion",
            r"labou?r law protections?",
            r"prescrib\w* (?:\w+ ){0,3}penalties",
        ]
    ),
    "prosecution": Rule(
        [
            r"investigat(?!ors?\b)\w*",
            r"prosecut(?!ors?\b)\w*",
            r"convict\w*",
            r"sentenc\w*",
            r"(?:prison|jail) (?:terms|sentences)",
            r"(?:adequate|stringent|sufficient) penalties",
            r"anti-(?:human )?trafficking (?:police )?units?",
            r"specialized (?:anti-trafficking )?(?:prosecutors|police|units|courts)",
            r"backlog",
            r"tribunals?",
            r"courts?",
            r"hold\w* accountable (?!(?:\w+ )?(?:officials|officers))",
        ],
        unless=(
            _NOT_PUNISHED,
            _DATA_ON,
            r"sentencing provisions",
            r"regardless of whether (?:\w+ ){0,3}(?:investigate|prosecute)[^.;]*",
            r"(?:court|legal) proceedings",
            r"in court",
        ),
    ),
    "complicity": Rule(
        [
            r"complicit\w*",
            r"complicity",
            r"(?:officials?|officers?|police) who (?:\w+ ){0,2}(?:facilitat|profit|abuse|protect|"
            r"obstruct|mobili[sz]|commit|participat|exploit|take part|withhold)\w*",
            r"hold\w* (?:\w+ ){0,2}(?:officials|officers) (?:\w+ ){0,2}accountable",
            r"hold\w* accountable (?:\w+ ){0,3}(?:officials|officers)",
        ]
    ),
    "identification": Rule(
        [
            r"identif\w*",
            r"screen\w*",
            r"NRM",
            r"referral (?:mechanism|procedures|system)",
            r"indicators",
            r"rescue\w*",
            r"standard operating procedures",
            r"SOPs",
            r"recogni[sz]\w* (?:\w+ ){0,2}victims",
        ],
        unless=(_DATA_ON,),
    ),
    "non_punishment": Rule(
        [
            r"non-punishment",
            _NOT_PUNISHED,
            r"(?:rather than|instead of) (?:penali[sz]|punish|arrest|detain|prosecut|fin)\w*",
            r"acts (?:that )?(?:their )?traffickers compelled",
            r"(?:as a |the )?(?:direct )?result of (?:being|their being|having been) trafficked",
            r"(?:detention|detaining|penali[sz]ation) of (?:\w+ ){0,2}victims",
            r"treated as victims",
        ]
    ),
    "services": Rule(
        [
            r"shelters?",
            r"care",
            r"services?",
            r"assist\w*",
            r"reintegrat\w*",
            r"rehabilitat\w*",
            r"(?:medical|psycho\w*) (?:care|services|assistance|treatment|support)",
            r"counsel\w*",
            r"support (?:\w+ ){0,3}(?:victims|survivors)",
            r"length of support",
            r"move freely|leave (?:\w+ ){0,2}shelters",
        ],
        unless=(
            _DATA_ON,
            r"(?:sexual|tourism|entertainment) services",
            r"drug rehabilitation",
            r"(?:technical|legal) assistance",
            r"health care facilities",
        ),
    ),
    "foreign_victims": Rule(
        [
            r"alternatives? to (?:their )?(?:removal|deportation)",
            r"residen\w* permits?",
            r"reflection period",
            r"repatriat\w*",
            r"foreign (?:national )?victims",
            r"stay (?:of )?deportation",
            r"(?:prior to|before) (?:their )?(?:detention or )?deportation",
            r"instead of deporting",
            r"(?:work|stay) (?:\w+ ){0,3}(?:while|during) (?:\w+ ){0,3}"
            r"(?:cases|proceedings|trials?|investigations)",
        ]
    ),
    "victims_in_justice": Rule(
        [
            r"victim-cent(?:ered|red|ric)",
            r"trauma-informed",
            r"witness\w*",
            r"legal (?:aid|representation|counsel)",
            r"restitution",
            r"compensation",
            r"court proceedings|participate in trials",
            r"criminal justice process",
            r"intimidation",
        ]
    ),
    "migration": Rule(
        [
            r"recruit\w* (?:fees?|agenc\w*|compan\w*|agents?|brokers?|firms?)",
            r"(?:labou?r )?recruiters?",
            r"labou?r recruit\w*",
            r"fees (?:charged|paid) (?:to|by) (?:\w+ ){0,2}workers",
            r"sponsorship|sponsors?\b|kafala",
            r"passports?",
            r"exit permits?",
            r"migrant workers?",
            r"domestic work(?:ers?)?",
            r"(?:foreign|overseas|temporary|returning|returned) (?:\w+ ){0,2}(?:workers|fishermen)",
            r"workers (?:going |sent )?abroad|abroad as workers|workers returning",
            r"labou?r (?:migration|export)",
            r"employment promoters",
            r"visa holders",
            r"wage protection",
            r"technical intern",
            r"(?:runaway|run away|ran away|running away) (?:\w+ ){0,2}employers|abscond\w*",
        ],
        unless=(r"recruitment and use of child soldiers",),
    ),
    "forced_labor": Rule(
        [
            r"forced labou?r",
            r"labou?r trafficking",
            r"labou?r inspect\w*|labou?r inspectors|inspections?",
            r"labou?r exploitation",
            r"supply chains?",
            r"procure\w*",
            r"bonded labou?r",
            r"slave labou?r|slavery|slaveholders",
            r"fishing|fisheries|fishermen|vessels",
            r"agricultur\w*",
            r"mining|mines|miners",
            r"construction",
            r"palm oil|cotton|cocoa|brick kilns?|garment",
            r"domestic servitude",
            r"logging",
        ],
        unless=(
            r"sexual slavery",
            # both forms named together: not a forced-labour ask
            r"sex and labou?r traffick\w*|labou?r (?:trafficking )?and sex trafficking",
        ),
    ),
    "children": Rule(
        [
            r"child\w*",
            r"minors?",
            r"boys?",
            r"girls?",
            r"juveniles?",
            r"talib[eé]s?",
            r"bacha bazi",
            r"restaveks?",
            r"criadazgo",
            r"orphanages?",
        ]
    ),
    "commercial_sex": Rule(
        [
            r"commercial sex\w*",
            r"prostitut\w*",
            r"sex tourism",
            r"demand for (?:\w+ ){0,2}sex",
            r"brothels?",
            r"adult entertainment|entertainment (?:venues|establishments|visas)",
            r"sexual services",
            r"massage parlou?rs|karaoke",
        ]
    ),
    "technology": Rule(
        [
            r"online",
            r"internet",
            r"cyber\w*",
            r"social media",
            r"scam\w*",
            r"digital",
            r"livestream\w*",
        ]
    ),
    "coordination": Rule(
        [
            r"(?:national )?action plans?|plans? of action",
            r"NAPs?",
            r"coordinat\w*",
            r"rapporteur",
            r"budget\w*",
            r"(?:anti-trafficking|dedicated) (?:funding|resources)",
            r"(?:fund|funding|resources)\b[^.;]{0,40}\b(?:plan|committee|council|secretariat|"
            r"office|commission|coordinator|units?)\b",
            r"(?:committee|council|secretariat|commission) (?:on|against|to combat) "
            r"[^.;]{0,40}trafficking",
            r"trafficking fund",
        ]
    ),
    "data": Rule(
        [
            r"data",
            r"statistic\w*",
            r"publish\w*",
            r"annual report",
        ]
    ),
    "training": Rule(
        [
            r"train\w*",
            r"capacity[- ]building",
            r"sensiti[sz]\w* (?:\w+ ){0,2}(?:officials|police|officers|judges|prosecutors)",
        ],
        unless=(r"intern training",),
    ),
    "awareness": Rule(
        [
            r"awareness",
            r"campaigns?",
            r"hotlines?",
            r"prevention (?:programs?|programmes|activities|efforts|measures)",
            r"educat\w* (?:the public|communities|students|parents)",
        ]
    ),
    "cooperation": Rule(
        [
            r"civil society",
            r"(?:with|from|and) (?:\w+ ){0,2}NGOs",
            r"international (?:organi[sz]ations|partners|observers|monitors|community)",
            r"(?:foreign|other|source|destination|neighbo\w+) (?:\w+ ){0,1}"
            r"(?:governments|countries)",
            r"memorand(?:um|a) of understanding",
            r"MOUs?",
            r"extradit\w*",
            r"bilateral (?!labou?r)",
            r"multilateral",
            r"co-?operat\w*",
            r"partner\w*",
        ]
    ),
}


def _compile(pattern):
    # Acronyms match in capitals only ("NAP", "NRM", "NGOs", "SOPs"), words in any case.
    has_acronym = re.search(r"[A-Z]{2,}", pattern) is not None
    return re.compile(rf"\b(?:{pattern})\b", 0 if has_acronym else re.IGNORECASE)


_COMPILED = {
    slug: (
        [_compile(pattern) for pattern in rule.patterns],
        [_compile(pattern) for pattern in rule.unless],
    )
    for slug, rule in RULES.items()
}


def _matches(text, patterns, unless):
    excluded = [match.span() for pattern in unless for match in pattern.finditer(text)]
    for pattern in patterns:
        for match in pattern.finditer(text):
            start, end = match.span()
            if not any(lo <= start and end <= hi for lo, hi in excluded):
                return True
    return False


def classify_themes(text):
    """The slugs of the themes text belongs to, in DESIGN.md's order; [] for none."""
    return [slug for slug in THEME_SLUGS if _matches(text, *_COMPILED[slug])]
