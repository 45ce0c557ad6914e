from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Division, Population


@admin.register(Division)
class DivisionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "level", "parent", "valid_to", "successor"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent", "successor"]


@admin.register(Population)
class PopulationAdmin(SimpleHistoryAdmin):
    list_display = ["division", "year", "residents", "registered_residents", "source"]
    list_filter = ["year"]
    search_fields = ["division__name", "division__code"]
    raw_id_fields = ["division"]
