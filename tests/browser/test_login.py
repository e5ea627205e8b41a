import pytest

pytestmark = pytest.mark.browser


def test_analyst_logs_in_and_sees_the_dashboard(analyst_page, live_server):
    assert analyst_page.url == f"{live_server.url}/"
    assert analyst_page.locator("nav.site-nav").is_visible()
    assert analyst_page.locator("text=Log out").is_visible()
