from django import forms

from coordinators.ids import ascii_id
from coordinators.periods import FULLWIDTH_DIGITS


class CodeForm(forms.Form):
    code = forms.CharField(
        label="確認コード（6桁）",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
        error_messages={
            "required": "認証アプリに表示されている6桁の数字を入力してください。",
            "min_length": "6桁の数字を入力してください。",
            "max_length": "6桁の数字を入力してください。",
        },
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"].translate(FULLWIDTH_DIGITS)
        allowed, _detail = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                "確認コードの誤りが続いたため、しばらく入力できません。少し待ってから入力してください。"
            )
        if ascii_id(code) is None or not self.device.verify_token(code):
            raise forms.ValidationError(
                "確認コードが違います。認証アプリの最新の6桁を入力してください。"
            )
        return code
