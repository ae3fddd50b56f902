"""Many new consultations written at once: the imports' way to create them (issue 16).

Each is checked when it is added by the rules consultation_create applies
(services.checked_new_consultation), assignments and closings read once per coordinator and
所属; save() writes them all in bulk inserts with one history row each and its 相談内容.
"""

from coordinators.activities.batches import prefetched_lookups
from coordinators.models import Consultation
from coordinators.models.history import bulk_save_with_history

from .services import checked_new_consultation


class ConsultationBatch:
    """New consultations by one login, checked one by one and written together.

    add(coordinator=Coordinator, topics=[ConsultationTopic], **fields) -> the unsaved,
    checked Consultation (its 所属 and 層 set), or the ValidationError consultation_create
    raises, keeping nothing then. save() -> [Consultation] in bulk inserts with their history
    (models.history.bulk_save_with_history). Use inside one transaction (each 所属 held from
    its first record to the commit); related objects must come from the database.
    """

    def __init__(self, user):
        self.user = user
        self._lookups = prefetched_lookups()
        self._added = []

    def __len__(self):
        return len(self._added)

    def add(self, *, coordinator, topics, **fields):
        topics = list(topics)
        consultation = checked_new_consultation(
            user=self.user,
            coordinator=coordinator,
            topics=topics,
            lookups=self._lookups,
            references_checked=True,
            **fields,
        )
        self._added.append((consultation, {"topics": topics}))
        return consultation

    def save(self):
        saved = bulk_save_with_history(Consultation, self._added, user=self.user)
        self._added = []
        return saved
