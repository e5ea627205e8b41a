"""Forms for recording statuses. The rules themselves live in services.validate_status_input."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from countries.models import FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR
from recommendations.models import Status
from recommendations.services import validate_status_input
from recommendations.web_import import upload_problem
from tipwatch.core.limits import MAX_NOTE_LENGTH, MAX_URL_LENGTH
from tipwatch.core.parsing import WholeNumberField, validate_link
from tipwatch.core.submissions import form_token_key, new_form_token


def hidden_number(min_value, remedy):
    """A hidden number the page carries; a missing or edited one says how to start over."""
    return WholeNumberField(
        min_value=min_value,
        widget=forms.HiddenInput,
        error_messages={
            "required": f"The form is incomplete: {remedy}.",
            "invalid": f"The form is damaged: {remedy}.",
            "min_value": f"The form is damaged: {remedy}.",
        },
    )


class StatusFieldsForm(forms.Form):
    """Status, as-of date, note and evidence link, checked by the service's own rules, and the
    form's one-time token (tipwatch.core.submissions): a new one each time the form is rendered, so
    the service writes what one rendering asks at most once.

    earliest_year is the report year whose 1 January is the earliest allowed as-of date (for
    many recommendations, the latest of their years).
    """

    submission = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": "The form is incomplete: reload the page and enter it again."},
    )

    status = forms.ChoiceField(choices=Status.choices)
    as_of = forms.DateField(
        label="As of", help_text="The date the status became true (not in the future)."
    )
    note = forms.CharField(
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the status is based on. Required unless the status is Not assessed.",
    )
    evidence_url = forms.URLField(
        label="Evidence link",
        required=False,
        max_length=MAX_URL_LENGTH,
        assume_scheme="https",
        validators=[validate_link],
        help_text="Optional: an http:// or https:// link to the source.",
    )

    def __init__(self, *args, earliest_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.earliest_year = earliest_year
        self.fields["submission"].initial = new_form_token()
        today = timezone.localdate()
        self.fields["as_of"].initial = today
        self.fields["as_of"].widget = forms.DateInput(
            format="%Y-%m-%d",
            attrs={
                "type": "date",
                "min": datetime.date(earliest_year, 1, 1).isoformat(),
                "max": today.isoformat(),
            },
        )

    def clean_submission(self):
        return form_token_key(self.cleaned_data["submission"])

    def renew_token(self):
        """Carry a new token, so that submitting this entry again is a deliberate new write."""
        self.data = self.data.copy()
        self.data["submission"] = new_form_token()

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            # Raises ValidationError({field: message}); Django puts each message on its field.
            validate_status_input(
                year=self.earliest_year,
                status=cleaned["status"],
                as_of=cleaned["as_of"],
                note=cleaned["note"],
                evidence_url=cleaned["evidence_url"],
            )
        return cleaned

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "status": data["status"],
            "as_of": data["as_of"],
            "note": data["note"],
            "evidence_url": data["evidence_url"],
            "submission": data["submission"],
        }


class StatusForm(StatusFieldsForm):
    """A new status for one recommendation, made from the version of its status it shows."""

    version = hidden_number(0, "reload the page and enter the status again")

    def __init__(self, *args, recommendation, **kwargs):
        kwargs.setdefault("initial", {}).update(
            {"version": recommendation.status_version, "status": recommendation.status}
        )
        super().__init__(*args, earliest_year=recommendation.year, **kwargs)
        self.recommendation = recommendation
        self.stale_change = None

    def refuse_as_stale(self, error):
        """Show the newer change and carry its version, so a resubmit is a deliberate one."""
        self.stale_change = error.latest_change
        self.refuse_as_done(error)

    def refuse_as_done(self, error):
        """Refused as submitted before or already recorded: say so, and carry the current
        version and a new token, so that submitting the entry again is a deliberate choice."""
        self.renew_token()
        self.data["version"] = str(self.recommendation.status_version)
        self.add_error(None, error)


class BulkStatusForm(StatusFieldsForm):
    """One status for many recommendations; expected_count guards against a changed selection."""

    expected_count = hidden_number(1, "go back to the list and select again")

    def __init__(self, *args, selection_count, **kwargs):
        kwargs.setdefault("initial", {})["expected_count"] = selection_count
        super().__init__(*args, **kwargs)
        self.selection_count = selection_count
        # No status is preselected: many rows at once should never change by default.
        self.fields["status"].choices = [("", "Choose a status"), *Status.choices]

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("expected_count")
        if expected is not None and expected != self.selection_count:
            # Carry the new count, so that confirming again is a deliberate choice.
            self.data = self.data.copy()
            self.data["expected_count"] = str(self.selection_count)
            raise ValidationError(
                f"The selection changed since the confirmation: {self.selection_count} "
                f"recommendations match now, not {expected}. Check the number and confirm again."
            )
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.html,.htm,.txt"}))
        kwargs.setdefault("allow_empty_file", True)  # said per file, with its name, below
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple) and data:
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class ChapterUploadForm(forms.Form):
    """Report files to preview: the report PDF or parts of it, saved country pages, text."""

    files = MultipleFileField(
        label="Report files",
        error_messages={"required": "Choose at least one file."},
        help_text="PDF, HTML (a country page saved from the report's web site) or text; "
        "several at once.",
    )
    year = WholeNumberField(
        required=False,
        min_value=FIRST_REPORT_YEAR,
        max_value=LAST_PLAUSIBLE_YEAR,
        label="Report year",
        help_text="Only for chapters whose text states none.",
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        problems = [problem for upload in files if (problem := upload_problem(upload))]
        if problems:
            raise ValidationError(problems)
        return files
