"""The print issue's admin form: a title from number and year, a date near the year."""

import re

from django.utils.translation import gettext_lazy as _

from toasoan.core.pages import PageForm
from toasoan.vietnamese import fold, format_date, nfc

# The release date may fall in the issue's year, the year before (a Tết issue)
# or the year after (a late one); further away it is a slip of the keyboard.
YEARS_OFF = 1


def label_key(label) -> str:
    """A label as looked up: "Tết" = "tet", "1+2" = "1 2" = "1-2"."""
    return "-".join(re.findall(r"[0-9a-z]+", fold(nfc(str(label or "")))))


def issue_title(label, year):
    return f"Số {label} - {year}"


class PrintIssueForm(PageForm):
    """The title is made from number and year ("Số 5 - 2022") when left empty;
    a release date far from the year is refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "title" in self.fields:
            self.fields["title"].required = False

    def _default_title(self):
        label = nfc(str(self.data.get("number_label", ""))).strip()
        year = str(self.data.get("year", "")).strip()
        return issue_title(label, year) if label and year.isdigit() else ""

    def clean_title(self):
        return (self.cleaned_data.get("title") or "").strip() or self._default_title()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("title") and "title" not in self.errors:
            self.add_error("title", _("Give the issue's number and year, or a title."))
        day, year = cleaned.get("published_on"), cleaned.get("year")
        if day and year and abs(day.year - year) > YEARS_OFF:
            self.add_error(
                "published_on",
                _(
                    "%(date)s is not in %(year)s, nor in the year before or after: "
                    "check the date (day/month/year, for example 15/7/%(year)s) "
                    "or the year."
                )
                % {"date": format_date(day), "year": year},
            )
        return cleaned
