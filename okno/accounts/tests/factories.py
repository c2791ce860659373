import factory

from okno.accounts.models import User
from okno.core.roles import StaffRole

PASSWORD = "Okno2026demo"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.ru")
    full_name = factory.Faker("name", locale="ru_RU")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    staff_role = StaffRole.MANAGER
    manager_code = factory.Sequence(lambda n: f"{1000 + n}")


class AdminFactory(StaffFactory):
    staff_role = StaffRole.ADMIN
    is_staff = True
    is_superuser = True
