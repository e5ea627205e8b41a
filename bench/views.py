"""Reference views: the least a page of the site can cost.

`bare` goes through the whole middleware stack, the session and the user (the login that every
page requires); `bare_open` is the same view without the login requirement.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse


def bare(request):
    return HttpResponse("ok\n", content_type="text/plain")


# A function of its own: login_not_required marks the function it is given.
@login_not_required
def bare_open(request):
    return bare(request)
