def username_from_attempt(request, credentials):
    """django-axes counts failures per login name; allauth passes it as `email`."""
    credentials = credentials or {}
    login = credentials.get("email") or credentials.get("username")
    if not login and request is not None:
        login = request.POST.get("login")
    return (login or "").strip().lower()
