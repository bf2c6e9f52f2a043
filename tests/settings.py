"""The project's own settings, with what the test run needs on top.

The production settings refuse to start without DJANGO_SECRET_KEY when DEBUG is
off, as it is in tests; the key must be in the environment before they load.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-" + "0123456789abcdef" * 3)
# The test client speaks plain HTTP; production redirects it to HTTPS.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
# Staff sign in by password alone here, as the suite's clients and browsers do
# (force_login or the login form); tests/newsroom/test_two_factor.py turns the
# second factor on. Set in the environment, so the sites that tests start as
# processes of their own inherit it.
os.environ.setdefault("DJANGO_STAFF_2FA", "0")

from newsroom.settings import *  # noqa: E402, F403

# Hashed static names need `collectstatic`, which a test run does not do.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test run is one process, whose cache everything shares: keep the
# generations there, so query counts are the pages' own. The database store,
# the default without Redis, is tested with real workers
# (tests/articles/publishing/test_coherence.py) and in test_cache.py.
NEWSROOM_PAGE_CACHE_GENERATIONS = "cache"
# The test client's host, as the site's one address.
NEWSROOM_SITE_URL = "http://testserver"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Nor is there a STATIC_ROOT to serve from; WhiteNoise finds files in the apps.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# A shared Redis keeps keys between runs and between parallel runs: give each
# run its own prefix.
if "KEY_PREFIX" in CACHES["default"]:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"test-{os.getpid()}-{os.urandom(4).hex()}"  # noqa: F405
