"""Background work of the figures: the office dashboard recomputed after the data changed."""
from django_tasks import task


@task()
def refresh_dashboard() -> None:
    from .views import warm_dashboard

    warm_dashboard()
