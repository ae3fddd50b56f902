"""Reads of consultations, cases and the access records of their personal data.

Consultations and cases hold personal data: only the 所属 that recorded them and the division
see them (roles.visible_to).
"""

from django.db.models import Prefetch

from coordinators.models import AccessRecord, Consultation, ConsultationTopic, SupportCase
from coordinators.roles import role_of, visible_to


def consultations_for_user(user):
    """Consultations the login may see (QuerySet[Consultation]), with what their pages show."""
    return visible_to(
        user,
        Consultation.objects.select_related(
            "center", "coordinator", "route", "consulter_type", "outcome", "resource"
        ).prefetch_related(
            Prefetch("topics", queryset=ConsultationTopic.objects.order_by("display_order"))
        ),
    )


def week_consultations_for_user(user):
    """Consultations the login may see with what a line of the week page shows read along:
    相談経路, 相談者種別, 対応結果 and 相談内容 (QuerySet[Consultation]). Not their 所属,
    担当者 or 社会資源: three joins fewer, which PostgreSQL took longer to plan than to run
    (1.4 of 3 ms, issue 22)."""
    return (
        consultations_for_user(user)
        .select_related(None)
        .select_related("route", "consulter_type", "outcome")
    )


def cases_for_user(user):
    """Individual-support cases the login may see (QuerySet[SupportCase])."""
    return visible_to(
        user,
        SupportCase.objects.select_related(
            "center", "consultation__consulter_type", "consultation__coordinator"
        ),
    )


def case_steps(case):
    return case.steps.select_related("activity", "created_by").prefetch_related("resources")


def access_records(user):
    if not role_of(user).sees_all_centers:
        return AccessRecord.objects.none()
    return AccessRecord.objects.select_related("user")
