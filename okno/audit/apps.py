from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "okno.audit"
    label = "audit"
    verbose_name = "Журнал аудита"
