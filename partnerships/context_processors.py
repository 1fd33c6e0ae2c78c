def navigation(request):
    """What the navigation bar needs; the permissions themselves are asked in the template."""
    return {"site_name": "Sinergi"}
