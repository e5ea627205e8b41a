from django import forms

from countries.models import Region

MAX_COMPARED = 8


class YearForm(forms.Form):
    """The dashboard's report year; choices are the years on record."""

    year = forms.TypedChoiceField(coerce=int, required=False, label="Report year")

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]


class TrendsForm(forms.Form):
    region = forms.ChoiceField(
        choices=[("", "All regions"), *Region.choices], required=False, label="Region"
    )
    countries = forms.MultipleChoiceField(
        required=False,
        label=f"Compare countries (up to {MAX_COMPARED})",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, country_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The chosen countries come first, so they stay in view above the rest after "Show".
        chosen = set(self.data.getlist("countries")) if self.is_bound else set()
        self.fields["countries"].choices = [
            *(choice for choice in country_choices if choice[0] in chosen),
            *(choice for choice in country_choices if choice[0] not in chosen),
        ]
        self.chosen_labels = [label for slug, label in country_choices if slug in chosen]

    def clean_countries(self):
        chosen = self.cleaned_data["countries"]
        if len(chosen) > MAX_COMPARED:
            raise forms.ValidationError(
                f"Pick at most {MAX_COMPARED} countries to compare (you picked {len(chosen)})."
            )
        return chosen
