from tests.helpers import totp_code

SECRET = "BENCHPAGESKPKMANAGERSECRETTOTPXY"


def test_totp_code_is_the_code_allauth_computes(pages):
    expected = totp_code(SECRET)  # allauth's own functions; waits out a step about to end

    assert pages.totp_code(SECRET) == expected


def test_options_quick_shortens_every_run_and_selects_pages(pages):
    options = pages.options_from(["--quick", "--pages", "agreements,export-csv"])

    assert options.duration == 3
    assert options.selected == ["agreements", "export-csv"]


def test_options_refuse_an_unknown_page(pages, capsys):
    try:
        pages.options_from(["--pages", "agreement-list"])
    except SystemExit as exit:
        assert exit.code == 2
    else:
        raise AssertionError("an unknown page was accepted")
    assert "unknown pages agreement-list" in capsys.readouterr().err


def test_options_select_the_send_timing_like_a_page(pages):
    assert pages.SEND in pages.options_from([]).selected
    assert pages.options_from(["--pages", "content-item,content-send"]).selected == [
        "content-item",
        pages.SEND,
    ]


def test_the_content_item_and_request_pages_are_measured_not_skipped(pages):
    codes = {page.code: page for page in pages.PAGES}

    assert not codes["content-item"].optional
    assert codes["content-request"].path == "/content/requests/{content[request]}/"
