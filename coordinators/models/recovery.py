"""Recovery codes (リカバリーコード) for a lost phone: ten one-time codes shown once when an
authenticator app is registered, kept only as SHA-256 digests (issue 17).

django-otp's own static tokens are stored as typed, so a copy of the database would hand them
out; these are random enough (50 bits each) that a plain digest cannot be reversed.
"""

import hashlib
import secrets
import unicodedata

from django.db import models, transaction
from django.utils import timezone
from django_otp.models import Device

CODES = 10
# Crockford's base32: no I, L, O or U to misread.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10


def normalised(typed):
    """A code as typed (full-width, lower case, spaces or hyphens) -> the form stored."""
    text = unicodedata.normalize("NFKC", typed or "").upper()
    return "".join(char for char in text if char in ALPHABET)


def _digest(code):
    return hashlib.sha256(normalised(code).encode()).hexdigest()


def shown(code):
    """ABCDE-FGHJK: how a code is shown."""
    return f"{code[:5]}-{code[5:]}"


class RecoveryCodeDevice(Device):
    """A login's recovery codes, as one django-otp device: verify_token(code) accepts each
    unused code once."""

    class Meta:
        verbose_name = verbose_name_plural = "リカバリーコード"

    @classmethod
    @transaction.atomic
    def replace_for(cls, user):
        """Drop the login's earlier codes and make CODES new ones -> [code] as shown, the only
        time they exist outside the digests."""
        cls.objects.filter(user=user).delete()
        device = cls.objects.create(user=user, name="リカバリーコード", confirmed=True)
        codes = ["".join(secrets.choice(ALPHABET) for _ in range(LENGTH)) for _ in range(CODES)]
        RecoveryCode.objects.bulk_create(
            [RecoveryCode(device=device, digest=_digest(code)) for code in codes]
        )
        return [shown(code) for code in codes]

    def remaining(self):
        return self.codes.filter(used_at__isnull=True).count()

    def verify_token(self, token):
        if len(normalised(token)) != LENGTH:
            return False
        used = self.codes.filter(digest=_digest(token), used_at__isnull=True).update(
            used_at=timezone.now()
        )
        return used == 1


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField("SHA-256", max_length=64)
    used_at = models.DateTimeField("使用日時", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "リカバリーコード（1件）"

    def __str__(self):
        return f"{self.device.user} {'使用済み' if self.used_at else '未使用'}"
