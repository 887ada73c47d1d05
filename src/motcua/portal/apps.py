from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "motcua.portal"
