from django import forms
from django.contrib.auth import authenticate

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
        check_app_code(self.device, code)
        return code


def check_app_code(device, code):
    """Verify a 6-digit code (str, ASCII digits) against a TOTPDevice; raise ValidationError
    while the device is throttled after wrong codes, or for a wrong code."""
    allowed, _detail = device.verify_is_allowed()
    if not allowed:
        raise forms.ValidationError(
            "確認コードの誤りが続いたため、しばらく入力できません。少し待ってから入力してください。"
        )
    if ascii_id(code) is None or not device.verify_token(code):
        raise forms.ValidationError(
            "確認コードが違います。認証アプリの最新の6桁を入力してください。"
        )


class SecondFactorForm(forms.Form):
    """The code of the login's authenticator app (6 digits) or one of its recovery codes
    (ABCDE-FGHJK, issue 17). totp, recovery: the login's confirmed devices (either None);
    after is_valid(), verified_device is the one the code was for."""

    code = forms.CharField(
        label="確認コード（6桁）またはリカバリーコード",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        error_messages={"required": "認証アプリに表示されている6桁の数字を入力してください。"},
    )

    def __init__(self, *args, totp, recovery, **kwargs):
        super().__init__(*args, **kwargs)
        self.totp, self.recovery, self.verified_device = totp, recovery, None

    def clean_code(self):
        code = self.cleaned_data["code"].translate(FULLWIDTH_DIGITS).strip()
        if ascii_id(code) is not None and len(code) != 6:
            raise forms.ValidationError("6桁の数字を入力してください。")
        if ascii_id(code) is not None and self.totp is not None:
            check_app_code(self.totp, code)
            self.verified_device = self.totp
        elif self.recovery is not None and self.recovery.verify_token(code):
            self.verified_device = self.recovery
        else:
            raise forms.ValidationError(
                "確認コードが違います。認証アプリの最新の6桁か、未使用のリカバリーコードを入力してください。"
            )
        return code


class ReauthenticationForm(SecondFactorForm):
    """The password and a current code (or a recovery code), asked before a registered
    authenticator is replaced (issue 17): a session left open must not be enough to move the
    second factor."""

    password = forms.CharField(
        label="パスワード",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
        error_messages={"required": "パスワードを入力してください。"},
    )
    field_order = ["password", "code"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["code"].label = "今の認証アプリの確認コード（6桁）またはリカバリーコード"
        self.fields["code"].widget.attrs.pop("autofocus", None)

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        # through the backends, so django-axes counts a wrong password here as at login
        if authenticate(self.request, username=user.get_username(), password=password) != user:
            raise forms.ValidationError("パスワードが違います。")
        return password
