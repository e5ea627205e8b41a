import pytest

from tests.factories import make_persona


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
