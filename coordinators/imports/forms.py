from django import forms


class WorkbookImportForm(forms.Form):
    file = forms.FileField(
        label="取り込むファイル（.xlsx）",
        help_text="ひな型と同じシート名・列の順のExcelブック",
    )
    dry_run = forms.BooleanField(label="確認のみ（保存しない）", required=False, initial=True)
