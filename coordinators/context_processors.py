from .roles import role_of


def role(request):
    return {"role": role_of(getattr(request, "user", None))}
