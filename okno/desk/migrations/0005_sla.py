"""The SLA: business calendars with their working hours and special days, pause reasons,
policies, the snapshots of their versions, each appeal's stored clocks, the log's pause
reason; and the defaults — the
calendar «Основной» (Monday to Friday 10:00–18:00 Moscow time with the production calendar
of 2025–2027), the three pause reasons and one policy for every appeal."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('desk', '0004_mail'),
        ('clients', '0005_client_support_tier'),
    ]

    operations = [
        migrations.CreateModel(
            name='BusinessCalendar',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='название')),
                ('time_zone', models.CharField(default='Europe/Moscow', max_length=60, verbose_name='часовой пояс')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='версия')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='изменён')),
            ],
            options={
                'verbose_name': 'рабочий календарь',
                'verbose_name_plural': 'рабочие календари',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='SlaPauseReason',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, unique=True, verbose_name='код')),
                ('name', models.CharField(max_length=100, verbose_name='название')),
                ('stops_first_response', models.BooleanField(default=True, verbose_name='останавливает первый ответ')),
                ('stops_next_response', models.BooleanField(default=True, verbose_name='останавливает следующий ответ')),
                ('stops_resolution', models.BooleanField(default=True, verbose_name='останавливает решение')),
                ('position', models.PositiveIntegerField(default=0, verbose_name='порядок')),
                ('is_active', models.BooleanField(default=True, verbose_name='доступна')),
            ],
            options={
                'verbose_name': 'причина паузы SLA',
                'verbose_name_plural': 'причины паузы SLA',
                'ordering': ['position', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='appealevent',
            name='pause_reason',
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AlterField(
            model_name='appealevent',
            name='kind',
            field=models.CharField(choices=[('created', 'Создано'), ('status', 'Смена статуса'), ('message', 'Сообщение'), ('note', 'Внутренняя заметка'), ('assigned', 'Назначен ответственный'), ('watcher_added', 'Добавлен наблюдатель'), ('watcher_removed', 'Убран наблюдатель'), ('merged', 'Объединено'), ('resolution', 'Решение по строке'), ('resolution_cancelled', 'Решение отменено'), ('rated', 'Оценка клиента'), ('paused', 'Пауза SLA'), ('resumed', 'Пауза SLA снята'), ('sla_alert', 'Оповещение по SLA')], max_length=20),
        ),
        migrations.CreateModel(
            name='SlaPolicy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='название')),
                ('position', models.PositiveIntegerField(default=0, verbose_name='порядок')),
                ('is_active', models.BooleanField(default=True, verbose_name='действует')),
                ('priority', models.CharField(blank=True, choices=[('low', 'Низкий'), ('normal', 'Обычный'), ('high', 'Высокий'), ('urgent', 'Срочный')], max_length=10, verbose_name='приоритет')),
                ('client_tier', models.CharField(blank=True, choices=[('standard', 'Стандартный'), ('priority', 'Приоритетный'), ('vip', 'VIP')], max_length=10, verbose_name='уровень обслуживания клиента')),
                ('channel', models.CharField(blank=True, choices=[('portal', 'Личный кабинет'), ('phone', 'Телефон'), ('email', 'Электронная почта'), ('api', 'API')], max_length=10, verbose_name='канал')),
                ('first_response_minutes', models.PositiveIntegerField(verbose_name='первый ответ, рабочих минут')),
                ('next_response_minutes', models.PositiveIntegerField(verbose_name='следующий ответ, рабочих минут')),
                ('resolution_minutes', models.PositiveIntegerField(verbose_name='решение, рабочих минут')),
                ('warning_minutes', models.PositiveIntegerField(default=60, verbose_name='предупредить за, рабочих минут')),
                ('escalation_minutes', models.PositiveIntegerField(default=60, verbose_name='руководителю через, рабочих минут после нарушения')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='версия')),
                ('calendar', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='desk.businesscalendar', verbose_name='календарь')),
                ('kind', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='desk.appealkind', verbose_name='вид обращения')),
            ],
            options={
                'verbose_name': 'политика SLA',
                'verbose_name_plural': 'политики SLA',
                'ordering': ['position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='CalendarDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(verbose_name='дата')),
                ('kind', models.CharField(choices=[('holiday', 'Нерабочий день'), ('workday', 'Рабочий день'), ('shortened', 'Сокращённый день')], max_length=10, verbose_name='что за день')),
                ('name', models.CharField(blank=True, max_length=200, verbose_name='название')),
                ('hours', models.CharField(blank=True, help_text='Например, 10:00-13:00, 14:00-17:00. Пусто — обычные часы.', max_length=100, verbose_name='часы')),
                ('from_production', models.BooleanField(default=False, verbose_name='из производственного календаря')),
                ('calendar', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='days', to='desk.businesscalendar')),
            ],
            options={
                'verbose_name': 'особый день',
                'verbose_name_plural': 'особые дни',
                'ordering': ['date'],
                'constraints': [models.UniqueConstraint(fields=('calendar', 'date'), name='calendar_day_once')],
            },
        ),
        migrations.CreateModel(
            name='CalendarVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField()),
                ('spec', models.JSONField()),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('calendar', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='desk.businesscalendar')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('calendar', 'version'), name='calendar_version_once')],
            },
        ),
        migrations.CreateModel(
            name='PolicyVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField()),
                ('rules', models.JSONField()),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('policy', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='desk.slapolicy')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('policy', 'version'), name='policy_version_once')],
            },
        ),
        migrations.CreateModel(
            name='AppealSla',
            fields=[
                ('appeal', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='sla', serialize=False, to='desk.appeal')),
                ('policy_version', models.PositiveIntegerField(null=True)),
                ('calendar_version', models.PositiveIntegerField(null=True)),
                ('first_response_due', models.DateTimeField(null=True)),
                ('next_response_due', models.DateTimeField(null=True)),
                ('resolution_due', models.DateTimeField(null=True)),
                ('due', models.DateTimeField(null=True)),
                ('warn_at', models.DateTimeField(null=True)),
                ('escalate_at', models.DateTimeField(null=True)),
                ('state', models.CharField(choices=[('ok', 'В срок'), ('warning', 'Скоро срок'), ('breached', 'Просрочено'), ('paused', 'На паузе'), ('met', 'Выполнено')], default='ok', max_length=10)),
                ('paused_for', models.CharField(blank=True, max_length=40)),
                ('warned_at', models.DateTimeField(null=True)),
                ('breach_notified_at', models.DateTimeField(null=True)),
                ('escalated_at', models.DateTimeField(null=True)),
                ('computed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('policy', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='desk.slapolicy')),
            ],
            options={
                'verbose_name': 'SLA обращения',
                'verbose_name_plural': 'SLA обращений',
                'indexes': [models.Index(fields=['state', 'due'], name='desk_appeal_state_34e3cf_idx'), models.Index(condition=models.Q(('due__isnull', False)), fields=['due'], name='sla_running_due'), models.Index(condition=models.Q(('warn_at__isnull', False)), fields=['warn_at'], name='sla_running_warn'), models.Index(condition=models.Q(('escalate_at__isnull', False)), fields=['escalate_at'], name='sla_running_escalate')],
            },
        ),
        migrations.CreateModel(
            name='WorkingHours',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('weekday', models.PositiveSmallIntegerField(choices=[(0, 'Понедельник'), (1, 'Вторник'), (2, 'Среда'), (3, 'Четверг'), (4, 'Пятница'), (5, 'Суббота'), (6, 'Воскресенье')], verbose_name='день недели')),
                ('start', models.TimeField(verbose_name='с')),
                ('end', models.TimeField(verbose_name='до')),
                ('calendar', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='hours', to='desk.businesscalendar')),
            ],
            options={
                'verbose_name': 'рабочие часы',
                'verbose_name_plural': 'рабочие часы',
                'ordering': ['weekday', 'start'],
                'constraints': [models.CheckConstraint(condition=models.Q(('end__gt', models.F('start'))), name='hours_end_after')],
            },
        ),
    ]


def add_defaults(apps, schema_editor):
    from okno.desk.defaults import sla_defaults_ensure

    sla_defaults_ensure(apps)


def remove_defaults(apps, schema_editor):
    pass  # the tables go with the models


Migration.operations.append(migrations.RunPython(add_defaults, remove_defaults))
