from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a login, unless PUBLIC_READ_ONLY opens the read-only pages.

    Writes (any method but GET and HEAD) and the admin always need a login.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            settings.PUBLIC_READ_ONLY
            and request.method in ("GET", "HEAD")
            and not request.path.startswith("/admin/")
        ):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
