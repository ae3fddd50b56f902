"""One-time tokens of submitted forms, so a double-submitted form writes once."""

from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    token = models.UUIDField("送信トークン", unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="利用者", on_delete=models.CASCADE, related_name="+"
    )
    path = models.CharField("送信先", max_length=500)
    response_url = models.CharField("結果のURL", max_length=500, blank=True)
    # What the first POST sent and made (issue 18): the same form sent again with other
    # values (Back after saving, a change, save) changes that record instead of being dropped.
    data_digest = models.CharField("送信内容のダイジェスト", max_length=64, blank=True)
    record_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name="作成した記録の種類",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    record_id = models.PositiveBigIntegerField("作成した記録のID", null=True, blank=True)
    record_version = models.CharField("作成直後の版", max_length=20, blank=True)
    created_at = models.DateTimeField("送信日時", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "フォームの送信"

    def __str__(self):
        return f"{self.created_at} {self.path}"
