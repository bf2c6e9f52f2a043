from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, serving the editor panel's own admin site."""

    default = False  # ArticlesConfig stays this module's default
    default_site = "articles.admin_site.NewsroomAdminSite"
