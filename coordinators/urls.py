"""The coordinators app's URLs: each domain's own urlpatterns, joined under one namespace so
that every URL name stays `coordinators:<name>` (tests/test_url_table.py holds them all)."""

from .activities import urls as activities
from .consultations import urls as consultations
from .imports import urls as imports
from .organisation import urls as organisation
from .resources import urls as resources
from .week import urls as week

app_name = "coordinators"

urlpatterns = [
    *week.urlpatterns,
    *activities.urlpatterns,
    *imports.urlpatterns,
    *consultations.urlpatterns,
    *organisation.urlpatterns,
    *resources.urlpatterns,
]
