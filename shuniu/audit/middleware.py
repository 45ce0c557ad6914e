from .history import acting_as


class ActingUserMiddleware:
    """Runs each signed-in request inside acting_as(request.user).

    The user is named once here, explicitly, rather than looked up from a
    thread-local by the history library; anonymous requests change nothing, so a
    tracked save during one fails loudly.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            with acting_as(user, reason=f"{request.method} {request.path}"):
                return self.get_response(request)
        return self.get_response(request)
