from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def count_queries(request) -> int:
    """How many SQL queries one request takes, once the session's first-visit writes are done."""
    request()
    with CaptureQueriesContext(connection) as context:
        response = request()
    assert response.status_code == 200
    return len(context.captured_queries)
