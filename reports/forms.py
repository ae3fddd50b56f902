"""The form of the 実績報告's text: one box per section the scope writes (reports.texts)."""

from django import forms

from coordinators.recordkeeping.edit_conflicts import MISSING_VERSION
from coordinators.recordkeeping.incomplete_posts import IncompleteFormPost
from coordinators.text import CleanedTextForm

from .models import Section

HELP = "「○」「・」で始まる行は箇条書き、「(1)」「(2)」で始まる行は番号つきの見出しになります。"
PLACEHOLDERS = {
    Section.MAIN_WORK: "○サロン代表者向けの説明会を開催\n○第2層との地区別会議を実施",
    Section.CHALLENGES: "(1) サロンの継続\n参加者の高齢化により…",
}


class ReportTextsForm(CleanedTextForm, forms.Form):
    """sections: the Section values the scope writes; version: texts.texts_version of the
    page. Bound to a POST without its version it raises IncompleteFormPost (issue 17)."""

    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, sections, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = version
        if self.is_bound and not self.data.get(self.add_prefix("version")):
            raise IncompleteFormPost(MISSING_VERSION)
        for section in sections:
            self.fields[section] = forms.CharField(
                label=Section(section).label,
                required=False,
                max_length=20000,
                help_text=HELP,
                widget=forms.Textarea(
                    attrs={"rows": 8, "placeholder": PLACEHOLDERS.get(section, "")}
                ),
            )

    def texts(self):
        """{Section value: text} of the bound, valid form."""
        return {name: text for name, text in self.cleaned_data.items() if name != "version"}

    def refresh_version(self, current):
        """After a conflict the page shows the user's input again on the current version:
        saving once more overwrites knowingly."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current
