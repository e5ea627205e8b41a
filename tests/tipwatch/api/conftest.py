import pytest

from tipwatch.core.tokens import create_token


@pytest.fixture
def token_for():
    """token_for(user) -> the plain token of a new API token of user."""

    def make(user, name="script"):
        return create_token(user=user, name=name)[1]

    return make


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
