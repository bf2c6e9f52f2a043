from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    """django.contrib.admin, serving the editor panel's own admin site."""

    default_site = "newsroom.admin.NewsroomAdminSite"
