"""The shared page parts: page header, filter bar, table card and empty state."""

import re

import django_filters
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory

from partnerships.models import Organisation


def render(source: str, **context) -> str:
    return Template("{% load common_tags %}" + source).render(Context(context))


def squeezed(html: str) -> str:
    return " ".join(html.split()).replace("> <", "><")


def test_page_header_shows_title_lead_and_actions():
    html = render(
        '{% page_header title "Every MoU." %}<a href="/new">New</a>{% end_page_header %}',
        title="Agreements & <MoU>",
    )

    assert squeezed(html) == (
        '<div class="page-header"><div><h1>Agreements &amp; &lt;MoU&gt;</h1>'
        '<p class="lead">Every MoU.</p></div>'
        '<div class="d-flex flex-wrap gap-2"><a href="/new">New</a></div></div>'
    )


def test_page_header_without_actions_leaves_out_their_row():
    html = render('{% page_header "Organisations" %}  {% end_page_header %}')

    assert squeezed(html) == '<div class="page-header"><div><h1>Organisations</h1></div></div>'


def test_page_header_sections_carry_markup_into_title_and_lead():
    html = render(
        "{% page_header %}{% page_title %} Welcome, {{ name }} "
        '{% page_lead %}<span class="badge">{{ state }}</span>'
        "{% page_actions %}<button>Renew</button>{% end_page_header %}",
        name="<Rina>",
        state="Active",
    )

    assert "<h1>Welcome, &lt;Rina&gt;</h1>" in html
    assert '<p class="lead"><span class="badge">Active</span></p>' in html
    assert '<div class="d-flex flex-wrap gap-2"><button>Renew</button></div>' in html


def test_table_card_frames_the_table_and_paginates_a_page():
    page = Paginator(range(30), 25).page(1)

    html = render("{% table_card page %}<tbody></tbody>{% end_table_card %}", page=page)

    assert '<table class="table table-hover align-middle mb-0">' in html
    assert 'class="pagination mb-0"' in html
    assert "page=2" in html


def test_table_card_without_a_page_has_no_pagination():
    html = render("{% table_card %}<tbody></tbody>{% end_table_card %}")

    assert '<div class="table-responsive">' in html
    assert "pagination" not in html


def test_empty_state_shows_its_icon_and_content():
    html = render('{% empty_state "fa-mug-hot" %}<p>Nothing.</p>{% end_empty_state %}')

    assert squeezed(html) == (
        '<div class="card"><div class="empty-state">'
        '<i class="fa-solid fa-mug-hot" aria-hidden="true"></i><p>Nothing.</p></div></div>'
    )


class _Filter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search")
    status = django_filters.ChoiceFilter(label="Status", choices=[("a", "A")])
    owner = django_filters.ChoiceFilter(label="Owner", choices=[("me", "Me")])


def test_filter_bar_renders_every_offered_field_with_its_label_and_the_button(english_msgids):
    filterset = _Filter(RequestFactory().get("/").GET, queryset=Organisation.objects.none())
    filterset.unoffered = {"owner"}

    html = Template('{% include "common/filter_bar.html" %}').render(Context({"filter": filterset}))

    assert '<form method="get" class="filter-bar row g-2 align-items-end" role="search">' in html
    assert 'name="q"' in html and 'name="status"' in html
    assert 'name="owner"' not in html
    assert re.search(r'<label\s+for="id_q" class="form-label">\s*Search\s*</label>', html)
    assert re.search(r'<label\s+for="id_status" class="form-label">\s*Status\s*</label>', html)
    assert '<div class="col-md-5">' in html
    assert '<button type="submit" class="btn btn-primary">Filter</button>' in html


def test_filter_bar_gives_widgets_bootstraps_classes_and_marks_an_invalid_field(english_msgids):
    data = RequestFactory().get("/", {"status": "zzz"}).GET
    filterset = _Filter(data, queryset=Organisation.objects.none())
    filterset.form.is_valid()

    html = Template('{% include "common/filter_bar.html" %}').render(Context({"filter": filterset}))

    assert re.search(r'<input type="text" name="q" class="form-control" id="id_q">', html)
    assert re.search(
        r'<select name="status" class="form-select is-invalid" aria-invalid="true" '
        r'aria-describedby="id_status_error" id="id_status">',
        html,
    )
    assert re.search(
        r'<div id="id_status_error" class="invalid-feedback"><p id="error_1_id_status">'
        r"<strong>Select a valid choice\. zzz is not one of the available choices\.</strong>",
        html,
    )
    assert "is-invalid" not in html.split('id="div_id_q"')[1].split("</div>")[0]


def test_shorten_filter_cuts_between_words():
    html = Template("{% load common_tags %}{{ title|shorten:20 }}").render(
        Context({"title": "Mohon pasal tiga ditinjau kembali"})
    )

    assert html == "Mohon pasal tiga…"
