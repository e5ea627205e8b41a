import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command

from tests.factories import make_persona


@pytest.fixture(scope="session", autouse=True)
def collected_static_files(django_test_environment):
    """Pages use the hashed names of the static manifest, as in production: build it once."""
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty page cache (the data version restarts with each test)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def personas(django_db_setup, django_db_blocker):
    """The three personas by role, made once per test module and committed (before any test's
    transaction opens, as module fixtures come first), so every test of the module reuses
    them; deleted when the module is done. Modules whose tests flush the database
    (transaction=True) make their own users instead."""
    with django_db_blocker.unblock():
        made = {role: make_persona(role) for role in ("Analyst", "Admin", "Manager")}
    yield made
    with django_db_blocker.unblock():
        get_user_model().objects.filter(pk__in=[user.pk for user in made.values()]).delete()


@pytest.fixture
def analyst(db, personas):
    return personas["Analyst"]


@pytest.fixture
def admin_user(db, personas):
    return personas["Admin"]


@pytest.fixture
def manager(db, personas):
    return personas["Manager"]


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def admin_role_client(client, admin_user):
    """A client logged in as a member of the Admin group (not a superuser)."""
    client.force_login(admin_user)
    return client


@pytest.fixture(autouse=True)
def jobs_run_at_once(settings, tmp_path):
    """Background jobs run inside the request (django-tasks' ImmediateBackend), and uploads are
    kept in the test's own folder."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.IMPORT_UPLOAD_ROOT = tmp_path / "uploads"
