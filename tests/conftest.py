import pytest
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


@pytest.fixture
def analyst(db):
    return make_persona("Analyst")


@pytest.fixture
def admin_user(db):
    return make_persona("Admin")


@pytest.fixture
def manager(db):
    return make_persona("Manager")


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def admin_role_client(client, admin_user):
    """A client logged in as a member of the Admin group (not a superuser)."""
    client.force_login(admin_user)
    return client
