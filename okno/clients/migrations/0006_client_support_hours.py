from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0005_client_support_tier"),
    ]

    operations = [
        migrations.AddField(
            model_name="client",
            name="support_hours",
            field=models.PositiveIntegerField(default=0, verbose_name="часов поддержки в месяц"),
        ),
    ]
