import os

from django.core.wsgi import get_wsgi_application

from config.startup import ensure_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()
ensure_secret_key()
