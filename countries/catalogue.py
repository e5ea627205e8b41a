"""The countries and territories the TIP report rates, by State Department regional bureau.

Codes and official names come from pycountry (ISO 3166); this module only adds what ISO does
not know: the bureau, the name the report uses, and the other names it has used over the years
(kept as aliases so that imports match them). Kosovo has no ISO code; the project uses XKX.

Countries change through time. A name the report used for a country that kept its ISO code
(Burma, Swaziland, Macedonia) is an alias of today's country. A country that ended (Serbia and
Montenegro, Netherlands Antilles) is a country of its own, with the report years it existed
in (YEARS); so is one that began after 2001 (South Sudan, Curaçao, Sint Maarten). Their codes
come from pycountry's historic countries.
"""

import pycountry
from django.utils.text import slugify

from countries.collation import sort_key

REGION_MEMBERS = {
    "AF": (
        "AGO BEN BWA BFA BDI CPV CMR CAF TCD COM COD COG CIV DJI GNQ ERI SWZ ETH GAB GMB GHA "
        "GIN GNB KEN LSO LBR MDG MWI MLI MRT MUS MOZ NAM NER NGA RWA SEN SYC SLE SOM ZAF SSD "
        "SDN TZA TGO UGA ZMB ZWE"
    ),
    "EAP": (
        "AUS BRN MMR KHM CHN FJI HKG IDN JPN KIR PRK KOR LAO MAC MYS MHL FSM MNG NZL PLW PNG "
        "PHL SGP SLB TWN THA TLS TON VUT VNM"
    ),
    "EUR": (
        "ALB ARM AUT AZE BLR BEL BIH BGR HRV CYP CZE DNK EST FIN FRA GEO DEU GRC HUN ISL IRL "
        "ITA XKX LVA LTU LUX MLT MDA MNE NLD MKD NOR POL PRT ROU RUS SCG SRB SVK SVN ESP SWE "
        "CHE TUR UKR GBR"
    ),
    "NEA": "DZA BHR EGY IRN IRQ ISR JOR KWT LBN LBY MAR OMN QAT SAU SYR TUN ARE YEM",
    "SCA": "AFG BGD BTN IND KAZ KGZ MDV NPL PAK LKA TJK TKM UZB",
    "WHA": (
        "ANT ATG ARG ABW BHS BRB BLZ BOL BRA CAN CHL COL CRI CUB CUW DOM ECU SLV GTM GUY HTI HND "
        "JAM MEX NIC PAN PRY PER LCA VCT SXM SUR TTO USA URY VEN"
    ),
}

# The name pages show, where the report's usual name differs from ISO's short name.
DISPLAY_NAMES = {
    "BHS": "The Bahamas",
    "BOL": "Bolivia",
    "BRN": "Brunei",
    "CIV": "Côte d'Ivoire",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "FSM": "Micronesia",
    "GMB": "The Gambia",
    "IRN": "Iran",
    "KOR": "South Korea",
    "LAO": "Laos",
    "MAC": "Macau",
    "MDA": "Moldova",
    "MMR": "Burma",
    "PRK": "North Korea",
    "RUS": "Russia",
    "SXM": "Sint Maarten",
    "SYR": "Syria",
    "TWN": "Taiwan",
    "TZA": "Tanzania",
    "VEN": "Venezuela",
    "VNM": "Vietnam",
    "XKX": "Kosovo",
}

# Other names seen in reports, lists and news, matched case-insensitively on import.
EXTRA_ALIASES = {
    "ARE": ["UAE"],
    "ATG": ["Antigua & Barbuda"],
    "BHS": ["Bahamas, The"],
    "BIH": ["Bosnia-Herzegovina"],
    "CAF": ["Central African Rep"],
    "CPV": ["Cape Verde"],
    "CIV": ["Cote d'Ivoire", "Cote D’Ivoire", "Ivory Coast"],
    "COD": ["Congo, Democratic Republic of the", "Democratic Republic of Congo", "DRC"],
    "COG": ["Congo, Republic of the", "Congo (ROC)", "Congo-Brazzaville", "Congo"],
    "CUW": ["Curacao"],
    "CZE": ["Czech Republic"],
    "GBR": ["United Kingdom - UK", "UK"],
    "GMB": ["Gambia, The"],
    "HKG": ["Hong Kong S.A.R.", "Hong Kong SAR"],
    "KGZ": ["Kyrgyz Republic"],
    "KOR": ["Korea, South", "Republic of Korea"],
    "LCA": ["St Lucia", "St. Lucia"],
    "MAC": ["Macao"],
    "MKD": [
        "Macedonia",
        "Former Yugoslav Republic of Macedonia",
        "Macedonia, the former Yugoslav Republic of",
    ],
    "MMR": ["Myanmar", "Burma/Myanmar"],
    "PRK": ["Korea, North"],
    "SVK": ["Slovak Republic"],
    "SWZ": ["Swaziland"],
    "SXM": ["Saint Maarten", "St. Maarten", "St. Martin"],
    "TLS": ["Timor Leste", "East Timor"],
    "TTO": ["Trinidad & Tobago"],
    "TUR": ["Turkey", "Türkiye"],
    "USA": ["United States of America", "USA"],
    "VCT": [
        "St Vincent & Gren",
        "St Vincent and the Grenadines",
        "St. Vincent & The Grenadines",
        "St. Vincent and the Grenadines",
    ],
    "XKX": ["Republic of Kosovo", "KOS"],
}

KOSOVO = {"iso3": "XKX", "iso2": "XK"}

# The report years a country could be ranked in, (first, last), None where open: the first
# report after a country began (reports come out about June and cover the year before) and the
# last one before it ended. Countries not listed existed through every report.
YEARS = {
    "SCG": (2003, 2006),  # Serbia and Montenegro: the union of 2003 until Montenegro left in 2006
    "SRB": (2007, None),
    "MNE": (2007, None),
    "ANT": (None, 2010),  # Netherlands Antilles: dissolved in October 2010
    "CUW": (2011, None),
    "SXM": (2011, None),
    "SSD": (2012, None),  # South Sudan: independent in July 2011
}


def region_of():
    return {iso3: region for region, members in REGION_MEMBERS.items() for iso3 in members.split()}


def catalogue():
    """Return one dict per country: iso3, iso2, name, slug, region, aliases, first_year and
    last_year."""
    entries = []
    for iso3, region in sorted(region_of().items()):
        if iso3 == KOSOVO["iso3"]:
            iso2, iso_names = KOSOVO["iso2"], []
        else:
            record = pycountry.countries.get(alpha_3=iso3) or pycountry.historic_countries.get(
                alpha_3=iso3
            )
            iso2 = record.alpha_2
            iso_names = [
                getattr(record, attribute)
                for attribute in ("name", "common_name", "official_name")
                if getattr(record, attribute, None)
            ]
        name = DISPLAY_NAMES.get(iso3) or iso_names[0]
        aliases = []
        for alias in [*iso_names, *EXTRA_ALIASES.get(iso3, [])]:
            if alias != name and alias not in aliases:
                aliases.append(alias)
        first_year, last_year = YEARS.get(iso3, (None, None))
        entries.append(
            {
                "iso3": iso3,
                "iso2": iso2,
                "name": name,
                "sort_name": sort_key(name),
                "slug": slugify(name),
                "region": region,
                "aliases": aliases,
                "first_year": first_year,
                "last_year": last_year,
            }
        )
    return entries


def sync_countries(country_model):
    """Create or update every catalogue country (used by migrations, so takes the model and
    sets only the fields that model has at that point of the migration history)."""
    fields = {field.name for field in country_model._meta.get_fields()} - {"iso3"}
    for entry in catalogue():
        country_model.objects.update_or_create(
            iso3=entry["iso3"], defaults={k: v for k, v in entry.items() if k in fields}
        )
