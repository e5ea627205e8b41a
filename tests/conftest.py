import copy
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from tests.factories import make_persona, make_user
from tipwatch.core.pagecache import local_responses


@pytest.fixture(scope="session", autouse=True)
def collected_static_files(django_test_environment):
    """Pages use the hashed names of the static manifest, as in production: build it once."""
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def flush_may_empty_the_history():
    """Between transactional tests Django empties every table with TRUNCATE, which the status
    history's trigger refuses on PostgreSQL outside emptying_history: the flush runs in it."""
    from django.db.backends.base.operations import BaseDatabaseOperations

    from recommendations.models import emptying_history

    flush = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with emptying_history(self.connection):
            flush(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = flush


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty page cache, shared and in-process (the data version
    restarts with each test)."""
    cache.clear()
    local_responses.clear()
    yield
    cache.clear()
    local_responses.clear()


ROLES = ("Analyst", "Admin", "Manager")


@contextmanager
def committed_users(django_db_blocker, make):
    """The users `make()` returns ({name: user}), committed outside any test's transaction so
    that every test of a module reuses them; deleted when the block ends."""
    with django_db_blocker.unblock():
        made = make()
    yield made
    with django_db_blocker.unblock():
        get_user_model().objects.filter(pk__in=[user.pk for user in made.values()]).delete()


@pytest.fixture(scope="module")
def module_personas(django_db_setup, django_db_blocker):
    """The three personas by role, made once per test module (module fixtures are set up
    before any test's transaction opens) and deleted when the module is done. Modules whose
    tests flush the database (transaction=True) make their own users instead."""
    with committed_users(django_db_blocker, lambda: {r: make_persona(r) for r in ROLES}) as made:
        yield made


@pytest.fixture
def personas(db, module_personas):
    """{role: persona} for one test: fresh copies of the module's users, as Django's
    setUpTestData gives, so that what a test sets on them does not reach the next test (what
    it saves is rolled back with the test's transaction)."""
    return copy.deepcopy(module_personas)


@pytest.fixture
def analyst(personas):
    return personas["Analyst"]


@pytest.fixture
def admin_user(personas):
    return personas["Admin"]


@pytest.fixture
def manager(personas):
    return personas["Manager"]


@pytest.fixture(scope="module")
def module_superuser(django_db_setup, django_db_blocker):
    with committed_users(
        django_db_blocker, lambda: {"root": make_user(is_staff=True, is_superuser=True)}
    ) as made:
        yield made["root"]


@pytest.fixture
def superuser(db, module_superuser):
    """A superuser (in no group), made once per module like the personas."""
    return copy.deepcopy(module_superuser)


@pytest.fixture
def logged_in(personas):
    """logged_in(role) -> a new client logged in as the persona of that role."""

    def log_in(role):
        client = Client()
        client.force_login(personas[role])
        return client

    return log_in


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
