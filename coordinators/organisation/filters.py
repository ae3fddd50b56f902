"""What a list's filter form offers a login: only the 担当者 it may see, and the 所属 choice
only to the division."""

from coordinators.roles import role_of

from .selectors import coordinators_for_user


class ScopedByLogin:
    """Coordinator choices limited to the login's; the 所属 filter only for the division."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["coordinator"].queryset = coordinators_for_user(user)
        if not role_of(user).sees_all_centers:
            del self.filters["center"]
