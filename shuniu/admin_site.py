"""The data admin is the office's tool: staff status alone does not open it."""
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class OfficeAdminSite(admin.AdminSite):
    site_header = "枢纽 · 社会组织枢纽型工作体系"
    site_title = "枢纽管理"
    index_title = "数据管理"

    def has_permission(self, request):
        # The admin does not go through restrict(); only accounts that see everything may use it.
        from shuniu.accounts.permissions import scope_of  # this module loads before the apps

        return super().has_permission(request) and scope_of(request.user).everything


class ShuniuAdminConfig(AdminConfig):
    default_site = "shuniu.admin_site.OfficeAdminSite"


class ReadOnlyAdminMixin:
    """For records the system writes (events, logs): listed and read in the admin, never edited there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
